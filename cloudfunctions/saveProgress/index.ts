import { defineHandler } from '../shared/platform/handler';
import { saveProgress } from '../shared/learning/lessons';

export const main = defineHandler('saveProgress', (input, caller) => saveProgress(caller.openid, input));
