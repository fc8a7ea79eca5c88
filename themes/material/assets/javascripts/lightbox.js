/* Photo lightbox for the showcase: opens the large variant of a gallery photo, swipes and
   arrow keys move within one gallery, Back / Esc / tap outside close it. While it is open the
   page behind it is inert (Tab and screen readers stay in the lightbox; Tab cycles through its
   buttons where `inert` is not known); closing gives the focus back to the photo that opened
   it. No dependencies; without JavaScript each thumbnail still links to its large image. */
(function () {
  "use strict";
  var box, picture, source, img, caption, counter, links = [], index = 0, opener = null;
  var pushed = false;
  var inerted = [];

  function build() {
    box = document.createElement("div");
    box.className = "sc-lb";
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-modal", "true");
    box.setAttribute("aria-label", "查看照片");
    box.hidden = true;
    box.innerHTML =
      '<figure class="sc-lb__figure"><picture><source sizes="100vw"><img alt=""></picture>' +
      '<figcaption class="sc-lb__caption"></figcaption></figure>' +
      '<span class="sc-lb__counter" aria-live="polite"></span>' +
      '<button type="button" class="sc-lb__close" aria-label="关闭">×</button>' +
      '<button type="button" class="sc-lb__prev" aria-label="上一张">‹</button>' +
      '<button type="button" class="sc-lb__next" aria-label="下一张">›</button>';
    document.body.appendChild(box);
    picture = box.querySelector("picture");
    source = box.querySelector("source");
    img = box.querySelector("img");
    caption = box.querySelector(".sc-lb__caption");
    counter = box.querySelector(".sc-lb__counter");
    box.querySelector(".sc-lb__close").addEventListener("click", close);
    box.querySelector(".sc-lb__prev").addEventListener("click", function () { show(index - 1); });
    box.querySelector(".sc-lb__next").addEventListener("click", function () { show(index + 1); });
    var startX = null, startY = 0, swiped = false;
    box.addEventListener("click", function (event) {
      if (swiped) { swiped = false; return; }  // the end of a drag, not a tap on the backdrop
      if (event.target === box || event.target.classList.contains("sc-lb__figure")) close();
    });
    box.addEventListener("pointerdown", function (event) {
      startX = event.clientX; startY = event.clientY; swiped = false;
    });
    box.addEventListener("pointerup", function (event) {
      if (startX === null) return;
      var dx = event.clientX - startX, dy = event.clientY - startY;
      startX = null;
      if (Math.abs(dx) > 40 && Math.abs(dx) > Math.abs(dy)) {
        swiped = true;
        show(index + (dx < 0 ? 1 : -1));
      }
    });
  }

  function show(i) {
    if (!links.length) return;
    index = (i + links.length) % links.length;
    var link = links[index];
    var figure = link.closest("figure");
    var text = figure && figure.querySelector("figcaption");
    source.type = link.getAttribute("data-type") || "image/jpeg";
    source.srcset = link.getAttribute("data-srcset") || "";
    img.removeAttribute("srcset");
    img.src = link.href;
    var thumb = link.querySelector("img");  // a photo without a caption keeps its alt text
    img.alt = text ? text.textContent : (thumb ? thumb.alt : "");
    caption.textContent = text ? text.textContent : "";
    counter.textContent = links.length > 1 ? (index + 1) + " / " + links.length : "";
    box.classList.toggle("sc-lb--single", links.length < 2);
  }

  function open(link) {
    if (!box) build();
    var gallery = link.closest("[data-gallery]");
    links = Array.prototype.slice.call(
      (gallery || document).querySelectorAll("a.sc-lightbox"));
    opener = link;
    show(links.indexOf(link));
    box.hidden = false;
    document.documentElement.classList.add("sc-lb-open");
    setInert(true);
    box.querySelector(".sc-lb__close").focus();
    if (window.history && history.pushState) {  // the phone's Back button closes the photo
      history.pushState({ scLightbox: true }, "");
      pushed = true;
    }
  }

  function hide() {
    if (!box || box.hidden) return;
    box.hidden = true;
    source.srcset = "";
    img.removeAttribute("src");
    document.documentElement.classList.remove("sc-lb-open");
    setInert(false);
    if (opener) opener.focus();
  }

  /* Everything but the lightbox is out of reach while it is open. */
  function setInert(on) {
    if (on) {
      inerted = Array.prototype.filter.call(document.body.children, function (el) {
        return el !== box && !el.inert;
      });
      inerted.forEach(function (el) { el.inert = true; el.setAttribute("aria-hidden", "true"); });
    } else {
      inerted.forEach(function (el) { el.inert = false; el.removeAttribute("aria-hidden"); });
      inerted = [];
    }
  }

  /* Tab and Shift+Tab go round the lightbox's own buttons. */
  function trapTab(event) {
    var buttons = Array.prototype.filter.call(box.querySelectorAll("button"), function (b) {
      return b.offsetParent !== null;  // prev/next are not shown for a single photo
    });
    if (!buttons.length) return;
    var at = buttons.indexOf(document.activeElement);
    var next = event.shiftKey ? (at <= 0 ? buttons.length - 1 : at - 1)
                              : (at < 0 || at === buttons.length - 1 ? 0 : at + 1);
    event.preventDefault();
    buttons[next].focus();
  }

  function close() {
    if (pushed) { pushed = false; history.back(); } else { hide(); }
  }

  window.addEventListener("popstate", function () { pushed = false; hide(); });
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.sc-lightbox");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button > 0) return;
    event.preventDefault();
    open(link);
  });
  document.addEventListener("keydown", function (event) {
    if (!box || box.hidden) return;
    if (event.key === "Escape") close();
    else if (event.key === "Tab") trapTab(event);
    else if (event.key === "ArrowLeft") show(index - 1);
    else if (event.key === "ArrowRight") show(index + 1);
  });
})();
