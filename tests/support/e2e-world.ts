import { startArxivServer, type ArxivServer } from './arxiv-server';
import { launchWithExtension, type ExtensionBrowser } from './browser';
import { startFakeOpenAI, type FakeOpenAI } from './fake-openai';

/** What an end-to-end test file runs against: loopback arxiv.org, the fake LLM, the browser. */
export interface E2eWorld {
  arxiv: ArxivServer;
  llm: FakeOpenAI;
  browser: ExtensionBrowser;
}

/** Starts both servers, then Chromium with the built extension, arxiv.org mapped to loopback. */
export async function startWorld(): Promise<E2eWorld> {
  const [arxiv, llm] = await Promise.all([startArxivServer(), startFakeOpenAI()]);
  const browser = await launchWithExtension({ hostResolverRules: arxiv.hostResolverRules });
  return { arxiv, llm, browser };
}

/** Closes what `startWorld` started, as far as it got (a failed start leaves parts unset). */
export async function stopWorld(world: Partial<E2eWorld>): Promise<void> {
  await world.browser?.close();
  await Promise.all([world.arxiv?.close(), world.llm?.close()]);
}
