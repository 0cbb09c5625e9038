/**
 * Patience as the office observes it (issue 18): a visitor who gives up is found out only when called (a
 * no-show at call), so each ticket says an interval, not a time: served after waiting w → patience > w;
 * a no-show called after w → patience < w. The maximum-likelihood lognormal over these intervals
 * (Turnbull-style interval censoring) keeps the shape the simulator and the twin use, where the exponential
 * estimate (time waited ÷ leavers) treats a minute's wait as as dangerous as the fortieth: with patience that
 * mostly runs out after 20–60 minutes it overstates the mean and understates who leaves when the queue grows.
 */
export interface PatienceFit {
  meanMin: number;
  cv: number;
  leavers: number;
}

/** Standard normal CDF (W. J. Cody's rational erfc as in Numerical Recipes `erfcc`: |error| < 1.2e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return z >= 0 ? 1 - erfc / 2 : erfc / 2;
}

const CVS = [0.4, 0.6, 0.8, 1.0, 1.3];

/** Waits grouped by log-minute in 1% steps: the fit then costs hundreds of terms, not one per ticket. */
interface Binned {
  logW: Float64Array;
  count: Float64Array;
}

function bin(waits: readonly number[]): Binned {
  const m = new Map<number, number>();
  for (const w of waits)
    if (w > 0) m.set(Math.round(Math.log(w) * 100), (m.get(Math.round(Math.log(w) * 100)) ?? 0) + 1);
  const keys = [...m.keys()];
  return { logW: Float64Array.from(keys, (k) => k / 100), count: Float64Array.from(keys, (k) => m.get(k) ?? 0) };
}

function logLikelihood(served: Binned, left: Binned, mean: number, cv: number): number {
  const s2 = Math.log(1 + cv * cv);
  const s = Math.sqrt(s2);
  const mu = Math.log(mean) - s2 / 2;
  let ll = 0;
  for (let i = 0; i < served.logW.length; i++)
    ll += (served.count[i] ?? 0) * Math.log(Math.max(1e-300, 1 - normalCdf(((served.logW[i] ?? 0) - mu) / s)));
  for (let i = 0; i < left.logW.length; i++)
    ll += (left.count[i] ?? 0) * Math.log(Math.max(1e-300, normalCdf(((left.logW[i] ?? 0) - mu) / s)));
  return ll;
}

/**
 * Fits (mean, CV) of lognormal patience to waits of served tickets and of no-shows at call, in minutes.
 * The CV from a small grid (the data say little about the shape beyond it), the mean by golden-section search
 * on a log scale between 2 and 600 minutes. Null with fewer than `minLeavers` no-shows.
 */
export function fitPatience(
  servedWaitsMin: readonly number[],
  leftWaitsMin: readonly number[],
  minLeavers = 5,
): PatienceFit | null {
  const leavers = leftWaitsMin.filter((w) => w > 0).length;
  if (leavers < minLeavers) return null;
  const left = bin(leftWaitsMin);
  // a served ticket called at once says nothing about patience
  const served = bin(servedWaitsMin);
  let best: PatienceFit & { ll: number } = { meanMin: 40, cv: 0.6, leavers, ll: -Infinity };
  for (const cv of CVS) {
    let a = Math.log(2);
    let b = Math.log(600);
    const g = (Math.sqrt(5) - 1) / 2;
    const f = (x: number) => logLikelihood(served, left, Math.exp(x), cv);
    let c = b - g * (b - a);
    let d = a + g * (b - a);
    let fc = f(c);
    let fd = f(d);
    for (let i = 0; i < 32; i++) {
      if (fc > fd) {
        b = d;
        d = c;
        fd = fc;
        c = b - g * (b - a);
        fc = f(c);
      } else {
        a = c;
        c = d;
        fc = fd;
        d = a + g * (b - a);
        fd = f(d);
      }
    }
    const x = (a + b) / 2;
    const ll = f(x);
    if (ll > best.ll) best = { meanMin: Math.exp(x), cv, leavers, ll };
  }
  return { meanMin: best.meanMin, cv: best.cv, leavers: best.leavers };
}
