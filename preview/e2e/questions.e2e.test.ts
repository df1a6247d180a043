/**
 * 问答 in a real browser: a learner buys a course through the pay sheet,
 * reviews it (shown on the course page), asks a question under 问答 on the course page; the course's
 * teacher answers and the learner sees the answer there. A question the
 * content check holds waits in the console's 问答审核 until the operator
 * passes it, then it is listed. Screenshots in .test-artifacts/e2e/.
 */
import { describe, expect, it } from 'vitest';
import { UI_TIMEOUT, callAs, navTitle, openAs, stepShooter, top, usePreview } from './harness';

const preview = usePreview();

const COURSE = 'TypeScript 从入门到实战';
/** course-ts's teacher, 周程 */
const TEACHER = 'o_demo_instructor_zhou';

describe('问答 in the preview', () => {
  it('a learner buys, reviews, asks on the course page, the teacher answers, the learner reads the answer; a held question waits for 问答审核', async () => {
    const learner = 'o_preview_learner_zhou';
    const { product } = preview;
    const { page, errors } = await openAs(preview, learner);
    const shot = stepShooter(page, 'questions');

    // buy it through the pay sheet
    await top(page).getByText(COURSE, { exact: true }).click();
    await top(page).getByText('课程目录').waitFor();
    await top(page).getByText('购买', { exact: true }).click();
    await top(page).getByText('确认支付', { exact: true }).click();
    const sheet = page.locator('.pay-sheet');
    await sheet.waitFor();
    await sheet.locator('.pay-sheet__confirm').click();
    await sheet.waitFor({ state: 'detached' });
    await expect.poll(() => navTitle(page).textContent(), { timeout: UI_TIMEOUT }).not.toBe('确认订单');
    await page.locator('.navbar__back').click();
    await top(page).getByText('已购买', { exact: true }).waitFor({ timeout: UI_TIMEOUT });
    await shot('owned');

    // review it (the editor's t-rate measures its stars with a selector query the preview does not answer: submitted as the editor would)
    await callAs(product, learner, 'submitReview', { courseId: 'course-ts', rating: 5, content: '讲得清楚，例子很实用' });
    await page.locator('.navbar__back').click();
    await top(page).getByText(COURSE, { exact: true }).click();
    await top(page).getByText('5.0 分 · 1 条评价').waitFor({ timeout: UI_TIMEOUT });
    await top(page).getByText('讲得清楚，例子很实用').waitFor();
    await expect(top(page).getByText('修改评价', { exact: true }).isVisible()).resolves.toBe(true);
    await shot('reviewed');

    // ask under 问答
    const question = '泛型约束什么时候用 extends？';
    await top(page).getByText('查看问答', { exact: true }).click();
    await top(page).getByText('还没有人提问').waitFor({ timeout: UI_TIMEOUT });
    await top(page).getByPlaceholder('学习中遇到的问题，5-500 字').fill(question);
    await top(page).getByText('提问', { exact: true }).click();
    await top(page).getByText(question).waitFor({ timeout: UI_TIMEOUT });
    await shot('asked');

    // the course's teacher answers (as the 讲师工作台 would)
    const answer = '需要限定类型参数的形状时，用 extends 约束。';
    const { items } = await callAs<{ items: { id: string; content: string }[] }>(product, learner, 'myQuestions', {});
    const asked = items.find((q) => q.content === question)!;
    await callAs(product, TEACHER, 'answerQuestion', { questionId: asked.id, content: answer });

    // 问答 closed and opened again reloads it: the answer is there
    await top(page).getByText('收起', { exact: true }).click();
    await top(page).getByText('查看问答', { exact: true }).click();
    await top(page).getByText(answer).waitFor({ timeout: UI_TIMEOUT });
    await top(page).getByText('周程 回答：').waitFor();
    await shot('answered');

    // a question the content check holds is not listed until the operator passes it in 问答审核
    await fetch(`${product.emulatorUrl}/api/openapi/security`, { method: 'POST', body: JSON.stringify({ review: ['待审'] }) });
    const heldText = '这个待审的问题能看到吗？';
    await top(page).getByPlaceholder('学习中遇到的问题，5-500 字').fill(heldText);
    await top(page).getByText('提问', { exact: true }).click();
    await page.getByText('已提交，审核后展示').first().waitFor({ timeout: UI_TIMEOUT });
    await expect(top(page).getByText(heldText).count()).resolves.toBe(0);
    const held = (await callAs<{ items: { id: string; content: string; status: string }[] }>(product, learner, 'myQuestions', {})).items.find((q) => q.content === heldText)!;
    expect(held.status).toBe('held');

    const console = page.locator('#console');
    await console.locator('[data-tab="questions"]').click();
    const pass = console.locator(`[data-question="${held.id}"][data-action="pass"]`);
    await pass.waitFor({ timeout: UI_TIMEOUT });
    await expect(console.innerText()).resolves.toContain(heldText);
    await shot('console-held');
    await pass.click();
    await pass.waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    await expect.poll(() => console.innerText(), { timeout: UI_TIMEOUT }).toContain('没有待审核的提问');

    await top(page).getByText('收起', { exact: true }).click();
    await top(page).getByText('查看问答', { exact: true }).click();
    await top(page).getByText(heldText).waitFor({ timeout: UI_TIMEOUT });
    await shot('held-passed');
    expect(errors).toEqual([]);
  });
});
