#!/usr/bin/env python3
"""A Topology-Zoo-like backbone as GraphML, for trying `ddam bench joint` on networks of the held-out sizes
(150-754 nodes; docs/benchmarks.md, issue 18). Nodes are cities scattered around n/25 centres in a 20 x 45
degree box (latitude/longitude, so the reader derives delays from distances as for the Zoo files); links are
the Euclidean minimum spanning tree, then for every bridge the shortest link that closes a cycle across it
(2-edge-connected, as most backbones are), then random short links up to RATIO * n links in all.
An optional fifth argument BRIDGES (default 0) stops closing bridges once at most BRIDGES * n are left, for
backbones with spurs and tree-like parts (GtsCe-, Cogentco- or Kdl-like).
Seeded, so the same arguments always write the same file.
Usage: zoo_like_graphml.py N SEED RATIO OUT.graphml [BRIDGES]
"""
import math, random, sys
n=int(sys.argv[1]); seed=int(sys.argv[2]); ratio=float(sys.argv[3]); out=sys.argv[4]
keep=float(sys.argv[5]) if len(sys.argv)>5 else 0.0
rnd=random.Random(seed)
# clustered points in a 20x40 degree region (cities), like a national/continental backbone
centers=[(rnd.uniform(30,50),rnd.uniform(-120,-75)) for _ in range(max(3,n//25))]
pts=[]
for i in range(n):
    c=rnd.choice(centers); pts.append((c[0]+rnd.gauss(0,1.5),c[1]+rnd.gauss(0,2.5)))
def d(i,j): return math.hypot(pts[i][0]-pts[j][0],(pts[i][1]-pts[j][1])*math.cos(math.radians(40)))
# Prim MST
inT=[False]*n; best=[1e18]*n; par=[-1]*n; best[0]=0; E=set()
for _ in range(n):
    u=min((best[i],i) for i in range(n) if not inT[i])[1]; inT[u]=True
    if par[u]>=0: E.add((min(u,par[u]),max(u,par[u])))
    for v in range(n):
        if not inT[v] and d(u,v)<best[v]: best[v]=d(u,v); par[v]=u
import sys
sys.setrecursionlimit(100000)
def bridges():
    adj=[[] for _ in range(n)]
    for (i,j) in E: adj[i].append(j); adj[j].append(i)
    tin=[-1]*n; low=[0]*n; out=[]; t=[0]
    def dfs(u,p):
        tin[u]=low[u]=t[0]; t[0]+=1
        for w in adj[u]:
            if w==p: continue
            if tin[w]>=0: low[u]=min(low[u],tin[w])
            else:
                dfs(w,u); low[u]=min(low[u],low[w])
                if low[w]>tin[u]: out.append((u,w))
    dfs(0,-1); return out,adj
while True:
    br,adj=bridges()
    if len(br)<=keep*n: break
    u,v=br[rnd.randrange(len(br))]
    # side of v without the bridge
    side={v}; st=[v]
    while st:
        x=st.pop()
        for w in adj[x]:
            if (x,w) in ((u,v),(v,u)): continue
            if w not in side: side.add(w); st.append(w)
    other=[i for i in range(n) if i not in side]
    best=min(((d(i,j),i,j) for i in side for j in other if (min(i,j),max(i,j)) not in E))
    E.add((min(best[1],best[2]),max(best[1],best[2])))
target=int(ratio*n)
cand=sorted((d(i,j),i,j) for i in range(n) for j in range(i+1,n) if (i,j) not in E)
k=0
while len(E)<target:
    # pick among the short candidates at random
    x=cand[rnd.randrange(min(len(cand),4*n))]; cand.remove(x); E.add((x[1],x[2]))
with open(out,'w') as f:
    f.write('<?xml version="1.0" encoding="utf-8"?><graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n')
    f.write('<key attr.name="Longitude" attr.type="double" for="node" id="lo"/>\n<key attr.name="Latitude" attr.type="double" for="node" id="la"/>\n<key attr.name="label" attr.type="string" for="node" id="lb"/>\n')
    f.write('<graph edgedefault="undirected">\n')
    for i,(la,lo) in enumerate(pts): f.write(f'<node id="{i}"><data key="la">{la:.4f}</data><data key="lo">{lo:.4f}</data><data key="lb">n{i}</data></node>\n')
    for (i,j) in sorted(E): f.write(f'<edge source="{i}" target="{j}"/>\n')
    f.write('</graph></graphml>\n')
