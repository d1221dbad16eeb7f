/**
 * A readable API reference rendered in the browser from /openapi.json. Self-contained (no CDN):
 * this product must work on networks that reach nothing outside.
 */
export function docsPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sluice API reference / 接口文档</title>
<style>
body{font:14px/1.5 system-ui,sans-serif;margin:0 auto;max-width:960px;padding:24px;color:#1f2328}
h1{font-size:22px} h2{font-size:16px;margin-top:28px;border-bottom:1px solid #ddd}
.op{border:1px solid #e5e7eb;border-radius:6px;margin:10px 0;padding:8px 12px}
.m{display:inline-block;min-width:56px;font-weight:700;font-family:monospace}
.get{color:#0969da}.post{color:#1a7f37}.put,.patch{color:#9a6700}.delete{color:#cf222e}
code,pre{font-family:ui-monospace,monospace;font-size:12px} pre{background:#f6f8fa;padding:8px;overflow:auto;max-height:320px}
details summary{cursor:pointer}
</style></head><body>
<h1>Sluice API reference / 接口文档</h1>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1). Authenticate with <code>Authorization: Bearer slk_…</code>.</p>
<div id="ops">Loading…</div>
<script>
fetch('/openapi.json').then(r=>r.json()).then(doc=>{
  const byTag={};
  for(const [path,item] of Object.entries(doc.paths||{}))for(const [method,op] of Object.entries(item)){
    const tag=(op.tags&&op.tags[0])||'other';(byTag[tag]=byTag[tag]||[]).push({path,method,op});}
  const esc=s=>String(s).replace(/[&<>]/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;'}[c]));
  let html='';
  for(const tag of Object.keys(byTag).sort()){html+='<h2>'+esc(tag)+'</h2>';
    for(const {path,method,op} of byTag[tag]){
      html+='<div class="op"><span class="m '+method+'">'+method.toUpperCase()+'</span> <code>'+esc(path)+'</code>'+(op.operationId?' <small><code>'+esc(op.operationId)+'</code></small>':'')+' — '+esc(op.summary||'')+
      (op.description?'<p>'+esc(op.description)+'</p>':'')+
      '<details><summary>schema</summary><pre>'+esc(JSON.stringify({parameters:op.parameters,requestBody:op.requestBody,responses:op.responses},null,2))+'</pre></details></div>';}}
  document.getElementById('ops').innerHTML=html||'No operations.';
});
</script></body></html>`;
}
