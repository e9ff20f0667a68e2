import { loadWdbc, positives } from "/work/wt-demo/src/fl/data";
import { createFederation, DEFAULT_FEDERATION, localUpdate, Behaviour } from "/work/wt-demo/src/fl/federation";
import { fixedPointCodec, clipAndQuantize, l2Norm } from "/work/wt-demo/src/fl/codec";
import { createAggregator } from "/work/wt-demo/src/fl/aggregate";
import { auditUpdates } from "/work/wt-demo/src/fl/audit";
import { evaluate } from "/work/wt-demo/src/fl/evaluate";
import { applyUpdate } from "/work/wt-demo/src/fl/train";
const bound = Number(process.env.B ?? 2);
for (const seed of [1, 2, 3, 42, 7]) {
 for (const agg of ["fedavg", "median", "trimmed-mean"]) {
  const fed = createFederation(loadWdbc(), { ...DEFAULT_FEDERATION, seed, participants: 5, model: "logistic" });
  const codec = fixedPointCodec({ length: 32, bits: 16, fractionBits: 10, l2Bound: bound });
  const aggregate = createAggregator(agg);
  let global = fed.initialParams.slice();
  const line: string[] = [`seed ${seed} ${agg} shards ${fed.shards.map(s => `${s.labels.length}/${positives(s)}`).join(" ")} init ${evaluate(fed.model, global, fed.test).accuracy.toFixed(3)}`];
  for (let r = 1; r <= 3; r++) {
    const ups = fed.shards.map((s, i) => {
      const b: Behaviour = i === 3 ? { kind: "flipped-labels" } : { kind: "honest" };
      const u = localUpdate(fed, i, global, r, b);
      const q = clipAndQuantize(codec, u);
      return { update: codec.dequantize(q).slice(0, 31), weight: s.labels.length, norm: l2Norm(u) };
    });
    const audit = auditUpdates(fed.model, global, ups, fed.validation);
    const kept = ups.filter((_, i) => !audit.verdicts[i].flagged);
    const all = evaluate(fed.model, applyUpdate(global, aggregate(ups)), fed.test).accuracy;
    global = applyUpdate(global, aggregate(kept));
    const m = evaluate(fed.model, global, fed.test);
    line.push(`r${r} norms ${ups.map(u => u.norm.toFixed(1)).join(",")} flagged ${audit.verdicts.map((v, i) => v.flagged ? i : "").join("")} allacc ${all.toFixed(3)} acc ${m.accuracy.toFixed(3)} loss ${m.logLoss.toFixed(3)}`);
  }
  console.log(line.join("\n  "));
 }
}
