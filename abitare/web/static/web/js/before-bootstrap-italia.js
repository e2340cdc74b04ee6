// Loaded before Bootstrap Italia's bundle: its bundled video.js would otherwise inject a <style>
// element, which the Content Security Policy (style-src 'self') refuses. Video styles come from
// Bootstrap Italia's stylesheet instead.
window.VIDEOJS_NO_DYNAMIC_STYLE = true;
