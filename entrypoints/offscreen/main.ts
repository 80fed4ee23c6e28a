import { browser } from 'wxt/browser';
import { answerAtomParseRequests } from '../../lib/platform/offscreen-atom';

browser.runtime.onMessage.addListener(answerAtomParseRequests(new DOMParser()));
