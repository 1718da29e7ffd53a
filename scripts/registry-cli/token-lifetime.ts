/**
 * `registry token --expires <span>`: how long the token lives, in seconds, or why it is refused. The span is
 * jose's syntax without a sign or "ago" (`90s`, `30m`, `8h`, `1 day`), so it means the same to signToken; a
 * token that is already expired (`-1h`, `0s`) or that outlives what the registry accepts (AUTH_MAX_TOKEN_LIFETIME,
 * 24 h by default) is refused rather than printed: every request would answer it with TOKEN_EXPIRED or
 * TOKEN_LIFETIME_TOO_LONG.
 */
const SPAN = /^(\d+|\d+\.\d+) ?(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|years?|yrs?|y)$/i;
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800, y: 31_557_600 };

export const tokenLifetime = (span: string, maxSeconds: number): { seconds: number } | { refusal: string } => {
  const match = SPAN.exec(span.trim());
  const limit = `at most ${maxSeconds} s (AUTH_MAX_TOKEN_LIFETIME)`;
  if (!match) return { refusal: `--expires ${JSON.stringify(span)}: a positive span such as 90s, 30m or 8h, ${limit}` };
  const unit = match[2].toLowerCase();
  const seconds = Math.round(Number(match[1]) * UNIT_SECONDS[unit.startsWith('mi') ? 'm' : unit[0]]);
  if (seconds <= 0) return { refusal: `--expires ${span}: the token would be expired when printed; give a positive span, ${limit}` };
  if (seconds > maxSeconds) return { refusal: `--expires ${span} is ${seconds} s: the registry accepts tokens living ${limit}` };
  return { seconds };
};
