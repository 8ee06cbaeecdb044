// <shop-score>: a tiny custom element for host pages that allow scripts. It only builds the
// iframe of the documented embed link (see EMBED.md); the page inside does all the work, under
// its own CSP, so the host needs no WebAssembly permission of its own.
//
// A classic script on purpose (no import/export): a host page opened from disk (file://)
// may run classic scripts but not module scripts, so this works there too.
//
//   <script src="shopscore-embed.js"></script>
//   <shop-score src="shopscore.html" rule="douyin-2026-07" industry="女装"
//               product_rating="4.7" sliders="product_rating,delivery_on_time_rate"></shop-score>
//
// Every attribute other than src, width, height and title becomes a fragment parameter
// (rule, industry, shop_type, orders, lang, sliders, an indicator id = its value, …).

const OWN = new Set(['src', 'width', 'height', 'title', 'class', 'style', 'id']);

class ShopScoreElement extends HTMLElement {
  static get observedAttributes() {
    return ['src', 'width', 'height', 'title'];
  }

  connectedCallback() {
    this.render();
  }

  attributeChangedCallback() {
    if (this.isConnected) this.render();
  }

  /** The embed URL: `src#embed&key=value…`, values URL-encoded. */
  embedUrl() {
    const params = new URLSearchParams();
    for (const { name, value } of this.attributes) {
      if (!OWN.has(name) && !name.startsWith('data-') && !name.startsWith('aria-')) params.set(name, value);
    }
    const query = params.toString();
    const src = (this.getAttribute('src') || 'shopscore.html').split('#')[0];
    return `${src}#embed${query ? '&' + query : ''}`;
  }

  render() {
    let frame = this.querySelector('iframe');
    if (!frame) {
      frame = document.createElement('iframe');
      frame.setAttribute('loading', 'lazy');
      frame.setAttribute('referrerpolicy', 'no-referrer');
      frame.style.border = '0';
      frame.style.maxWidth = '100%';
      this.replaceChildren(frame);
    }
    frame.title = this.getAttribute('title') || '商家体验分试算 · Experience score trainer';
    frame.width = this.getAttribute('width') || '640';
    frame.height = this.getAttribute('height') || '360';
    const url = this.embedUrl();
    if (frame.getAttribute('src') !== url) frame.setAttribute('src', url);
  }
}

if (!customElements.get('shop-score')) customElements.define('shop-score', ShopScoreElement);
