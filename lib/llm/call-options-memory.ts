import { storage } from 'wxt/utils/storage';
import {
  endpointModelKey,
  initialCallOptions,
  type CallOptions,
  type EffortSetting,
} from './call-options';

// What each endpoint+model refused (response_format, an effort value) is remembered, so the
// refusal costs one extra 400 once, not on every call.
const learned = storage.defineItem<Record<string, CallOptions>>('local:learnedCallOptions', {
  fallback: {},
});

/** The options to use for an endpoint+model: learned ones, else the first guess. */
export async function callOptionsFor(
  baseUrl: string,
  model: string,
  effort: EffortSetting,
): Promise<CallOptions> {
  const remembered = (await learned.getValue())[endpointModelKey(baseUrl, model)];
  // A user who picks an effort explicitly overrides what auto learned.
  if (remembered && (effort === 'auto' || remembered.reasoningEffort === effort)) return remembered;
  return initialCallOptions(model, effort);
}

/** Remembers the options that worked for an endpoint+model. */
export async function rememberCallOptions(
  baseUrl: string,
  model: string,
  options: CallOptions,
): Promise<void> {
  const all = await learned.getValue();
  await learned.setValue({ ...all, [endpointModelKey(baseUrl, model)]: options });
}
