/**
 * Version counters of what the learner changed in this session. A page that
 * stays alive (the tabs, a course page under the purchase page) compares the
 * version it loaded at with the current one when shown again, and reloads only
 * when something it shows may have changed: no needless cloud calls.
 */
let purchases = 0;
let progress = 0;
let reviews = 0;

/** A purchase was confirmed paid by the server. */
export function notePurchase(): void {
  purchases += 1;
}

/** Learning progress was saved. */
export function noteProgress(): void {
  progress += 1;
}

export function purchaseVersion(): number {
  return purchases;
}

export function learningVersion(): number {
  return purchases + progress;
}

/** The learner wrote, rewrote or deleted a review. */
export function noteReview(): void {
  reviews += 1;
}

export function reviewVersion(): number {
  return reviews;
}
