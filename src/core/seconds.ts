/**
 * A duration in milliseconds as the seconds a message shows: whole seconds from 10 s up or when exact ("25"), one
 * decimal below ("0.3", "2.5"), so a sub-second limit never reads as "0 s".
 */
export function seconds(ms: number): string {
  return ms >= 10_000 || ms % 1000 === 0 ? String(Math.round(ms / 1000)) : (ms / 1000).toFixed(1);
}
