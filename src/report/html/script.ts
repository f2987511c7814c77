// The dashboard's only script: it reads the findings from the page's JSON block and filters, searches, sorts (the
// view model already sorted them) and pages them, keeping the view in the URL hash. It computes nothing new and
// sets data as text, except the `*Html` fields the view model already escaped.

export const FINDINGS_SCRIPT = String.raw`(function(){
"use strict";
var PAGE=100;
var dataEl=document.getElementById("findings-data");
if(!dataEl)return;
var data=JSON.parse(dataEl.textContent||"{}");
var S=data.strings,sevs=data.severities,cols=data.columns;
// Rows come packed (arrays, texts as indexes into strings): unpacked once into objects of plain text.
var rows=data.rows.map(function(a){var o={};for(var c=0;c<cols.length;c++){var v=a[c];o[cols[c]]=cols[c]==="id"||cols[c]==="sev"||cols[c]==="line"||v===null?v:Array.isArray(v)?v.map(function(k){return S[k];}):S[v];}return o;});
var list=document.getElementById("finding-list"),count=document.getElementById("result-count");
var ctl={area:document.getElementById("f-area"),sev:document.getElementById("f-sev"),rule:document.getElementById("f-rule"),
path:document.getElementById("f-path"),conf:document.getElementById("f-conf"),q:document.getElementById("f-q")};
var actionChip=document.getElementById("f-action");
var state={action:"",page:0};
function text(html){return html.replace(/<[^>]*>/g,"").replace(/&lt;/g,"<").replace(/&gt;/g,">").replace(/&quot;/g,'"').replace(/&#39;/g,"'").replace(/&amp;/g,"&");}
for(var i=0;i<rows.length;i++){var r=rows[i];r.hay=(r.title+"\n"+text(r.messageHtml)+"\n"+r.rule+"\n"+(r.path||"")+"\n"+r.snippet).toLowerCase();}
function el(tag,cls,txt){var e=document.createElement(tag);if(cls)e.className=cls;if(txt!=null)e.textContent=txt;return e;}
function selected(select){var out=[];for(var i=0;i<select.options.length;i++)if(select.options[i].selected&&select.options[i].value)out.push(select.options[i].value);return out;}
function current(){return{area:ctl.area.value,sev:selected(ctl.sev).join(","),rule:ctl.rule.value,path:ctl.path.value.trim(),conf:ctl.conf.value,q:ctl.q.value.trim(),action:state.action};}
function matcher(v){
  var sevSet=v.sev?v.sev.split(","):null,q=v.q.toLowerCase(),path=v.path,anchored=path.charAt(0)==="/",ids=null;
  if(anchored)path=path.slice(1);
  if(v.action!==""&&data.actions[+v.action]){ids={};data.actions[+v.action].rows.forEach(function(i){ids[rows[i].id]=1;});}
  return function(r){
    if(v.area&&r.area!==v.area)return false;
    if(sevSet&&sevSet.indexOf(sevs[r.sev])<0)return false;
    if(v.rule&&r.rule!==v.rule)return false;
    if(v.conf&&r.conf!==v.conf)return false;
    if(path){var p=r.path||"";if(anchored?p.indexOf(path)!==0:p.indexOf(path)<0)return false;}
    if(q&&r.hay.indexOf(q)<0)return false;
    if(ids&&!ids[r.id])return false;
    return true;};
}
var shown=rows;
// A collapsible block whose content is built when it first opens (a page of 100 cards builds only their headers).
function details(cls,summary,fill){var d=el("details",cls);var s=el("summary");if(typeof summary==="string")s.textContent=summary;else s.appendChild(summary);d.appendChild(s);
  d._fill=fill;d.addEventListener("toggle",function(){if(d.open)filled(d);});return d;}
function filled(d){if(d._fill){var f=d._fill;d._fill=null;f(d);}return d;}
function openAll(root){var ds=root.querySelectorAll("details");for(var i=0;i<ds.length;i++){filled(ds[i]).open=true;}
  ds=root.querySelectorAll("details");for(i=0;i<ds.length;i++){filled(ds[i]).open=true;}}
function pre(txt){return el("pre",null,txt);}
function para(label,txt){var p=el("p");p.appendChild(el("b",null,label+": "));p.appendChild(document.createTextNode(txt));return p;}
function card(r){
  var a=el("article","finding");a.id="finding-"+r.id;a.setAttribute("data-severity",sevs[r.sev]);a.setAttribute("data-area",r.area);
  var h=el("header");h.appendChild(el("span","sev sev-"+sevs[r.sev],sevs[r.sev]));h.appendChild(el("b","title",r.title));
  h.appendChild(el("code","where",r.path?r.path+":"+r.line:"repository"));h.appendChild(el("span","chip",data.areaTitles[r.area]||r.area));
  h.appendChild(el("span","chip rule",r.rule));h.appendChild(el("span","chip",r.conf));var link=el("a",null,"#");link.href="#finding-"+r.id;link.title="link to this finding";h.appendChild(link);
  a.appendChild(h);
  var m=el("p","message");m.innerHTML=r.messageHtml;a.appendChild(m);
  if(r.snippet||r.searched||r.related.length)a.appendChild(details("evidence","Evidence",function(d){
    if(r.snippet)d.appendChild(pre(r.snippet));if(r.searched)d.appendChild(para("Searched",r.searched));
    if(r.related.length)d.appendChild(para("Also at",r.related.join(", ")));}));
  a.appendChild(details("fix","Fix ("+r.effort+")",function(d){
    var f=el("div");f.innerHTML=r.fixHtml;d.appendChild(f);if(r.fixCode)d.appendChild(pre(r.fixCode));
    if(r.patch){var s=el("span");s.appendChild(document.createTextNode("Patch ("));s.appendChild(el("code",null,"git apply"));s.appendChild(document.createTextNode(" accepts it)"));
      d.appendChild(details("patch",s,function(p){p.appendChild(pre(r.patch));}));}}));
  a.appendChild(details("why","Risk and impact",function(d){if(r.risk)d.appendChild(para("Risk",r.risk));if(r.impact)d.appendChild(para("Impact",r.impact));}));
  return a;
}
function renderRows(items){var frag=document.createDocumentFragment();for(var i=0;i<items.length;i++)frag.appendChild(card(items[i]));list.textContent="";list.appendChild(frag);}
function pages(){return Math.max(1,Math.ceil(shown.length/PAGE));}
function draw(){
  if(state.page>=pages())state.page=pages()-1;if(state.page<0)state.page=0;
  var start=state.page*PAGE;renderRows(shown.slice(start,start+PAGE));
  count.textContent=shown.length===rows.length?rows.length+" findings":shown.length+" of "+rows.length+" findings";
  var info=document.querySelectorAll(".page-info");for(var i=0;i<info.length;i++)info[i].textContent=shown.length?"Showing "+(start+1)+"–"+Math.min(start+PAGE,shown.length)+" · page "+(state.page+1)+" of "+pages():"No finding matches these filters.";
  var prev=document.querySelectorAll(".prev"),next=document.querySelectorAll(".next");
  for(i=0;i<prev.length;i++)prev[i].disabled=state.page===0;for(i=0;i<next.length;i++)next[i].disabled=state.page>=pages()-1;
  if(actionChip){actionChip.hidden=state.action==="";var t=actionChip.querySelector(".label");if(t&&data.actions[+state.action])t.textContent="Action: "+data.actions[+state.action].title;}
}
function apply(keepPage){
  var t0=performance.now();var v=current(),test=matcher(v);shown=rows.filter(test);if(!keepPage)state.page=0;
  var t1=performance.now();draw();var t2=performance.now();
  // Measured for the browser tests: filtering, and building the page of cards it shows.
  document.body.setAttribute("data-filter-ms",(t1-t0).toFixed(1));document.body.setAttribute("data-render-ms",(t2-t1).toFixed(1));return v;
}
function hashOf(v){var parts=[];for(var k in v)if(v[k]!=="")parts.push(k+"="+encodeURIComponent(v[k]));if(state.page>0)parts.push("page="+(state.page+1));return "#findings?"+parts.join("&");}
function update(){var v=apply(false);history.replaceState(null,"",hashOf(v));}
function setControls(p){
  ctl.area.value=p.area||"";ctl.rule.value=p.rule||"";ctl.conf.value=p.conf||"";ctl.path.value=p.path||"";ctl.q.value=p.q||"";
  var set=(p.sev||"").split(",");for(var i=0;i<ctl.sev.options.length;i++)ctl.sev.options[i].selected=set.indexOf(ctl.sev.options[i].value)>=0;
  state.action=p.action||"";
}
function parse(query){var p={};query.split("&").forEach(function(kv){if(!kv)return;var i=kv.indexOf("=");var k=i<0?kv:kv.slice(0,i);p[k]=decodeURIComponent(i<0?"":kv.slice(i+1));});return p;}
function openFinding(id){
  var test=matcher(current()),idx=-1;
  for(var i=0;i<shown.length;i++)if(shown[i].id===id){idx=i;break;}
  if(idx<0){setControls({});shown=rows;for(i=0;i<rows.length;i++)if(rows[i].id===id){idx=i;break;}}
  if(idx<0)return;state.page=Math.floor(idx/PAGE);draw();
  var node=document.getElementById("finding-"+id);if(!node)return;
  var old=document.querySelectorAll(".finding.focus");for(i=0;i<old.length;i++)old[i].classList.remove("focus");
  node.classList.add("focus");openAll(node);
  node.scrollIntoView({block:"start"});void test;
}
function route(scroll){
  var h=location.hash;
  if(h.indexOf("#finding-")===0){openFinding(decodeURIComponent(h.slice(9)));return;}
  if(h.indexOf("#findings?")===0){var p=parse(h.slice(10));setControls(p);apply(false);state.page=Math.max(0,(+p.page||1)-1);draw();
    if(scroll)document.getElementById("findings").scrollIntoView({block:"start"});}
}
["change","input"].forEach(function(ev){for(var k in ctl)ctl[k].addEventListener(ev,update);});
document.getElementById("f-clear").addEventListener("click",function(){setControls({});update();});
if(actionChip)actionChip.querySelector("button").addEventListener("click",function(){state.action="";update();});
var prev=document.querySelectorAll(".prev"),next=document.querySelectorAll(".next");
for(i=0;i<prev.length;i++)prev[i].addEventListener("click",function(){state.page--;draw();history.replaceState(null,"",hashOf(current()));});
for(i=0;i<next.length;i++)next[i].addEventListener("click",function(){state.page++;draw();history.replaceState(null,"",hashOf(current()));});
window.addEventListener("hashchange",function(){route(true);});
// A link to the view or finding already in the hash fires no hashchange: follow it anyway.
document.addEventListener("click",function(ev){var a=ev.target&&ev.target.closest?ev.target.closest("a[href^='#finding']"):null;
  if(a&&a.getAttribute("href")===location.hash){ev.preventDefault();route(true);}});
// Print shows every finding with its blocks open, whatever the filters; the screen view comes back after.
var printing=false;
function printView(on){if(on===printing)return;printing=on;if(on){renderRows(rows);openAll(list);}else draw();}
window.addEventListener("beforeprint",function(){printView(true);});window.addEventListener("afterprint",function(){printView(false);});
if(window.matchMedia){var mq=window.matchMedia("print");var on=function(e){printView(e.matches);};if(mq.addEventListener)mq.addEventListener("change",on);else if(mq.addListener)mq.addListener(on);}
document.documentElement.classList.add("js");
apply(false);route(true);
})();`;
