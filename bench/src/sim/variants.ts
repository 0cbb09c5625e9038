import { builtInPolicies, type DispatchPolicy, makeNormDeadline } from '@talon/engine';

/**
 * Policy variants the benches can try before one becomes an office rule, named after the default policy:
 * `norm-deadline~past4` (also rescue 4 min past the norm), `norm-deadline~x1.5` (rescue at 1.5 × the norm),
 * `norm-deadline~abs15` (also rescue after 15 min of waiting), `norm-deadline~late25` (a late ticket's second deadline), `norm-deadline~latewait` (all late: the longest wait first), `norm-deadline~fit1` (issue 18's late-ticket step with
 * safety factor 1; the default is 0.5), `norm-deadline~nofit` (without that step: the rule before issue 18),
 * `norm-deadline~cap10` (rank on-time tickets by the earlier of the norm and 10 min), `norm-deadline~scarce0`
 * (the plain deadline order, without §6.5a's count from the next able window; `~scarce2` doubles it),
 * `norm-deadline~ahead` (also rescue a late ticket that would pass its bound before an able window calls), or several (`norm-deadline~x1.5~past4`). They run in the real engine through the runner's policy table.
 */
export function policyTable(id: string): Record<string, DispatchPolicy> | undefined {
  if (builtInPolicies[id]) return builtInPolicies;
  const [base, ...mods] = id.split('~');
  if (base !== 'norm-deadline' || mods.length === 0) return undefined;
  const opts: Parameters<typeof makeNormDeadline>[0] = { id };
  for (const m of mods) {
    const past = /^past(\d+(?:\.\d+)?)$/.exec(m);
    const times = /^x(\d+(?:\.\d+)?)$/.exec(m);
    const abs = /^abs(\d+(?:\.\d+)?)$/.exec(m);
    const late = /^late(\d+(?:\.\d+)?)$/.exec(m);
    const fit = /^fit(\d+(?:\.\d+)?)$/.exec(m);
    const cap = /^cap(\d+(?:\.\d+)?)$/.exec(m);
    const scarce = /^scarce(\d+(?:\.\d+)?)$/.exec(m);
    if (cap) opts.deadlineCapMin = Number(cap[1]);
    else if (fit) opts.fitMargin = Number(fit[1]);
    else if (m === 'nofit') opts.fitMargin = null;
    else if (m === 'ahead') opts.rescueAhead = true;
    else if (scarce) opts.scarceWeight = Number(scarce[1]);
    else if (m === 'latewait') opts.lateOrder = 'wait';
    else if (late) opts.lateDeadlineMin = Number(late[1]);
    else if (abs) opts.rescueAfterMin = Number(abs[1]);
    else if (past) opts.rescuePastNormMin = Number(past[1]);
    else if (times) opts.rescueAfterNormTimes = Number(times[1]);
    else return undefined;
  }
  return { ...builtInPolicies, [id]: makeNormDeadline(opts) };
}
