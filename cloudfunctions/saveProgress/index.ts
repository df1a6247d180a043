import { defineHandler } from '../shared/handler';
import { saveProgress } from '../shared/lessons';

export const main = defineHandler('saveProgress', (input, caller) => saveProgress(caller.openid, input));
