/**
 * A duration in milliseconds as the seconds a message shows: one decimal below 10 s ("0.3", "2.5"), whole seconds
 * from there ("25"), so a sub-second wait or limit never reads as "0 s".
 */
export function seconds(ms: number): string {
  return (ms / 1000).toFixed(ms < 10_000 ? 1 : 0);
}
