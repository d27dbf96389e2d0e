# Rewrites the number columns of docs/benchmarks.md's cardinality tables from
# target/criterion medians (after `cargo bench --bench cardinality`).
# Usage: python3 tools/bench_tables.py <repo root>
import json,os,re,sys
repo=sys.argv[1]; root=os.path.join(repo,'target/criterion')
def med(g,b):
    return json.load(open(f'{root}/{g}/{b}/new/estimates.json'))['median']['point_estimate']
def fmt(ns):
    for u,d in (('s',1e9),('ms',1e6),('µs',1e3)):
        if ns>=d:
            v=ns/d; return (f'{v:.3g}' if v<100 else f'{v:.0f}')+f' {u}'
    return f'{ns:.3g} ns'
def ratio(x):
    if x>=1000: return f'{x:,.0f}x'
    if x>=100: return f'{x:.0f}x'
    if x>=10: return f'{x:.1f}x'
    return f'{x:.2f}x'
rows={
 'insert_u64':[('hash only (baseline)','`StableHash::stable_hash`, xor-folded','hash_only_sketchfold_stable_hash'),
  ('**sketchfold**','`insert`, one by one','sketchfold_insert'),('**sketchfold**','`insert_batch`','sketchfold_insert_batch'),
  ('datasketches','`HllSketch` Hll8','datasketches_hll8'),('datasketches','`HllSketch` Hll4','datasketches_hll4'),('datasketches','`CpcSketch`','datasketches_cpc'),
  ('hyperloglogplus','`HyperLogLogPF`','hyperloglogplus_pf'),('hyperloglogplus','`HyperLogLogPlus`','hyperloglogplus_plus'),
  ('cardinality-estimator','`CardinalityEstimator<u64, WyHash, 14, 6>`','cardinality_estimator'),('hyperloglog','`HyperLogLog`','hyperloglog'),('streaming_algorithms','`HyperLogLog`','streaming_algorithms')],
}
rows['insert_str']=[(a,b.replace('<u64','<String'),c) for a,b,c in rows['insert_u64']]
rows['merge']=[('**sketchfold**','`Semigroup::merge`','sketchfold'),('datasketches','`HllUnion::update`, Hll8 input','datasketches_hll8_union'),('datasketches','`HllUnion::update`, Hll4 input','datasketches_hll4_union'),('datasketches','`CpcUnion::update`','datasketches_cpc_union'),('hyperloglogplus','`HyperLogLogPF::merge`','hyperloglogplus_pf'),('hyperloglogplus','`HyperLogLogPlus::merge`','hyperloglogplus_plus'),('cardinality-estimator','`merge`','cardinality_estimator'),('hyperloglog','`merge`','hyperloglog'),('streaming_algorithms','`union`','streaming_algorithms')]
rows['merge_all']=[('**sketchfold**','`Semigroup::merge_all`','sketchfold_merge_all'),('**sketchfold**','loop of `merge`','sketchfold_merge_loop')]+[(a,b.replace('input','inputs'),c) for a,b,c in rows['merge'][1:]]
rows['estimate']=[('**sketchfold**','after inserts (histogram and weight current)','sketchfold_after_insert'),('**sketchfold**','first estimate after a merge (rebuilds them)','sketchfold_after_merge'),('datasketches','`HllSketch::estimate` Hll8','datasketches_hll8'),('datasketches','`HllSketch::estimate` Hll4','datasketches_hll4'),('datasketches','`HllUnion::estimate` after a merge','datasketches_hll8_union_after_merge'),('datasketches','`CpcSketch::estimate`','datasketches_cpc'),('hyperloglogplus','`HyperLogLogPF::count`','hyperloglogplus_pf'),('hyperloglogplus','`HyperLogLogPlus::count`','hyperloglogplus_plus'),('cardinality-estimator','`estimate`','cardinality_estimator'),('hyperloglog','`len`','hyperloglog'),('streaming_algorithms','`len`','streaming_algorithms')]
base={'insert_u64':'sketchfold_insert','insert_str':'sketchfold_insert','merge':'sketchfold','merge_all':'sketchfold_merge_all','estimate':'sketchfold_after_insert'}
per={'insert_u64':1e6,'insert_str':1e6,'merge_all':64}
out={}
for g,rs in rows.items():
    b=med(g,base[g]); lines=[]
    for a,v,bid in rs:
        m=med(g,bid); cells=[a,v,fmt(m)]
        if g in per: cells.append(fmt(m/per[g]))
        cells.append(ratio(m/b)); lines.append('| '+' | '.join(cells)+' |')
    out[g]='\n'.join(lines)
doc=open(os.path.join(repo,'docs/benchmarks.md')).read()
heads={'insert_u64':'## insert: 10^6 `u64` items','insert_str':'## insert: 10^6 short strings','merge':'## merge: two dense','merge_all':'## merge_all: 64 dense','estimate':'## estimate: on a filled'}
for g,h in heads.items():
    i=doc.index(h); j=doc.index('|:---',i); j=doc.index('\n',j)+1
    k=j
    while doc[k]=='|': k=doc.index('\n',k)+1
    doc=doc[:j]+out[g]+'\n'+doc[k:]
open(os.path.join(repo,'docs/benchmarks.md'),'w').write(doc)
for g in ['insert_u64','insert_str']:
    h=med(g,'hash_only_sketchfold_stable_hash'); bt=med(g,'sketchfold_insert_batch'); s=med(g,'sketchfold_insert')
    print(g, f'hash {h/1e6:.2f} batch {bt/1e6:.2f} ({bt/h:.2f}x) insert {s/1e6:.2f} ({s/h:.2f}x)')
