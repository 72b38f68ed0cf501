// The browser side: the same BedrockProvider as on a server, pointed at the signing proxy. Its `apiKey` is
// the app's own session token (sent as a bearer token, checked by the proxy's `authorize`, never forwarded).
import { BedrockProvider } from '../../lib/index.ts';

const MODEL = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
const $ = (id: string): HTMLElement => document.getElementById(id)!;
const token = document.querySelector('meta[name="app-token"]')?.getAttribute('content') ?? '';
const provider = new BedrockProvider({ region: 'us-east-1', endpoint: location.origin, apiKey: token });

async function ask(prompt: string): Promise<void> {
  const out = $('out');
  const status = $('status');
  out.textContent = '';
  status.textContent = 'streaming…';
  document.body.dataset.state = 'streaming';
  try {
    for await (const ev of provider.stream([{ role: 'user', content: prompt }], { model: MODEL, maxTokens: 400 })) {
      if (ev.type === 'content_delta') out.textContent += ev.content;
      if (ev.type === 'content_end') status.textContent = `done: ${ev.stopReason}, ${ev.usage.totalTokens} tokens`;
    }
    document.body.dataset.state = 'done';
  } catch (error) {
    status.textContent = `error: ${(error as Error).message}`;
    document.body.dataset.state = 'error';
  }
}

$('ask').addEventListener('submit', (e) => {
  e.preventDefault();
  void ask(($('prompt') as HTMLInputElement).value);
});
const auto = new URLSearchParams(location.search).get('prompt');
if (auto) {
  ($('prompt') as HTMLInputElement).value = auto;
  void ask(auto);
}
