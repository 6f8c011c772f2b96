// crimecast's embed script: sizes every crimecast frame on the host page (an iframe marked
// data-crimecast) to its content. The embedded page posts its height whenever it changes
// (as {"datawrapper-height": {"<id>": px}}, AMP's embed-size message and pym.js's string);
// only messages from crimecast's own origin (this script's) are read, and each sets the
// height of the one frame whose window sent it. No dependencies, nothing else is loaded.
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me || !me.src) return;
  var origin = new URL(me.src, location.href).origin;
  var key = "crimecastEmbed:" + origin;
  if (window[key]) return; // one listener per crimecast site, however many snippets
  window[key] = true;

  function heightOf(data) {
    if (data && typeof data === "object") {
      var dw = data["datawrapper-height"];
      if (dw && typeof dw === "object") {
        for (var id in dw) {
          if (Object.prototype.hasOwnProperty.call(dw, id)) return Number(dw[id]);
        }
      }
      if (data.sentinel === "amp" && data.type === "embed-size") return Number(data.height);
    }
    if (typeof data === "string") {
      var m = /^pymxPYMx[\w-]*xPYMxheightxPYMx(\d+)$/.exec(data);
      if (m) return Number(m[1]);
    }
    return NaN;
  }

  window.addEventListener("message", function (e) {
    if (e.origin !== origin) return;
    var h = Math.ceil(heightOf(e.data));
    if (!(h > 0 && h < 100000)) return;
    var frames = document.querySelectorAll("iframe[data-crimecast]");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === e.source) {
        frames[i].style.height = h + "px";
        frames[i].setAttribute("height", String(h));
        return;
      }
    }
  });
})();
