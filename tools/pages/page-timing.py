#!/usr/bin/env python3
# Server-side render time of the demo pages: 7 GETs each (the first discarded), median and max in ms,
# anonymous and signed in as the demo customer, merchant and admin. Usage: tools/pages/page-timing.py [BASE_URL]
# It adds one item to alice's cart. Standard library only.
import http.cookiejar, urllib.request, urllib.parse, re, time, json, statistics
import sys
BASE=sys.argv[1] if len(sys.argv) > 1 else "http://localhost:8080"
def session(email):
    jar=http.cookiejar.CookieJar()
    op=urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html=op.open(BASE+"/login").read().decode()
    token=re.search(r'name="_csrf" value="([^"]+)"',html).group(1)
    op.open(BASE+"/login",data=urllib.parse.urlencode({"email":email,"password":"demo-pass-1","_csrf":token}).encode())
    return op
def t(op,path,n=7):
    times=[]
    for i in range(n):
        s=time.perf_counter(); r=op.open(BASE+path); r.read(); times.append((time.perf_counter()-s)*1000)
    return r.status, statistics.median(times[1:]), max(times[1:])
anon=urllib.request.build_opener()
pid=json.load(anon.open(BASE+"/api/catalog/products?size=1&q=headphones"))["items"][0]["id"]
alice=session("alice@demo.emporium")
# put something in alice's cart
html=alice.open(BASE+"/products/"+pid).read().decode()
tok=re.search(r'name="_csrf" value="([^"]+)"',html).group(1)
sku=re.search(r'name="skuId" id="[^"]+" value="([^"]+)"',html) or re.search(r'value="(sku_[^"]+)"',html)
alice.open(BASE+"/cart/lines",data=urllib.parse.urlencode({"skuId":sku.group(1),"quantity":1,"_csrf":tok}).encode())
m1=session("merchant1@demo.emporium"); admin=session("admin@demo.emporium")
rows=[("/",anon),("/search?q=linen",anon),("/search?category=electronics&sort=price_asc",anon),("/products/"+pid,anon),("/login",anon),
      ("/cart",alice),("/checkout",alice),("/orders",alice),("/account/coupons",alice),
      ("/merchant",m1),("/merchant/orders",m1),("/merchant/products",m1),("/merchant/promotions",m1),
      ("/admin",admin),("/admin/flash-sales",admin),("/admin/coupons",admin)]
for path,op in rows:
    st,med,mx=t(op,path)
    print(f"| `{path}` | {st} | {med:.0f} | {mx:.0f} |")
