// The web chat: asks /chat/ask and draws the answer; every control works with the keyboard alone.
(function () {
  "use strict";
  var chat = document.querySelector(".chat");
  var words = chat.dataset;  // the page's labels, in the language the visitor chose
  var log = document.getElementById("log");
  var form = document.getElementById("ask");
  var input = document.getElementById("q");
  var followTemplate = document.getElementById("follow-template");

  function message(mine, text, lang) {
    var box = document.createElement("div");
    box.className = "msg " + (mine ? "user" : "bot");
    var name = document.createElement("p");
    name.className = "who";
    name.textContent = mine ? words.you : words.bot;
    var body = document.createElement("p");
    body.className = "text";
    body.textContent = text;
    if (lang) { body.setAttribute("lang", lang === "ja" ? "ja" : "en"); }
    box.appendChild(name);
    box.appendChild(body);
    log.appendChild(box);
    return box;
  }

  function sourceLink(box, link) {
    if (!link) { return; }
    var line = document.createElement("p");
    line.className = "source-link";
    var anchor = document.createElement("a");
    anchor.href = link.href;
    anchor.hreflang = "ja";
    anchor.textContent = link.label;
    line.appendChild(anchor);
    box.appendChild(line);
  }

  function follow(box, info) {
    if (!info) { return; }
    var block = followTemplate.content.firstElementChild.cloneNode(true);
    var add = block.querySelector(".follow-add");
    var figure = block.querySelector(".qr");
    if (info.url) {
      add.querySelector("a").href = info.url;
      var svg = new DOMParser().parseFromString(info.qr_svg, "text/html").body.firstElementChild;
      figure.insertBefore(document.importNode(svg, true), figure.firstChild);
    } else {
      block.removeChild(add);
      block.removeChild(figure);
    }
    box.appendChild(block);
  }

  function choices(box, list) {
    if (!list || !list.length) { return null; }
    var group = document.createElement("div");
    group.className = "choices";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", words.choices);
    list.forEach(function (choice) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "choice";
      button.textContent = choice.label;
      button.addEventListener("click", function () { ask({postback: choice.command}, choice.label); });
      group.appendChild(button);
    });
    box.appendChild(group);
    return group;
  }

  function reveal(box, group, answered) {
    // The page scrolls, not the log: show the whole reply with its buttons above the sticky question field;
    // when it is taller than the screen, the candidates to choose from, or the beginning of the answer.
    var padding = window.getComputedStyle(document.documentElement);
    var room = window.innerHeight - parseFloat(padding.scrollPaddingTop) - parseFloat(padding.scrollPaddingBottom);
    if (box.offsetHeight <= room) {
      box.scrollIntoView({block: "end"});
    } else if (group && !answered) {
      group.scrollIntoView({block: "end"});
    } else {
      box.scrollIntoView({block: "start"});
    }
  }

  function ask(body, shown) {
    message(true, shown);
    var token = form.querySelector("input[name=csrf]").value;
    fetch("/chat/ask", {method: "POST", headers: {"Content-Type": "application/json", "X-CSRF-Token": token},
                        body: JSON.stringify(body)})
      .then(function (response) { return response.json(); })
      .then(function (reply) {
        var box = message(false, reply.text || reply.error || "", reply.lang);
        sourceLink(box, reply.link);
        follow(box, reply.line_follow);
        var group = choices(box, reply.choices);
        reveal(box, group, reply.answered);
        if (group && !reply.answered) { group.querySelector("button").focus({preventScroll: true}); }
        else { input.focus({preventScroll: true}); }
      })
      .catch(function () { reveal(message(false, words.offline)); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) { return; }
    input.value = "";
    ask({q: text}, text);
  });

  // The starters and the buttons drawn by the server are forms for browsers without JavaScript; ask in place.
  Array.prototype.forEach.call(log.querySelectorAll("button.choice"), function (button) {
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var field = button.form.querySelector("input[name=q], input[name=postback]");
      var body = {};
      body[field.name] = field.value;
      ask(body, button.textContent);
    });
  });
})();
