// The web chat: asks /chat/ask and draws the answer; every control works with the keyboard alone.
(function () {
  "use strict";
  var log = document.getElementById("log");
  var form = document.getElementById("ask");
  var input = document.getElementById("q");

  function message(who, text, lang) {
    var box = document.createElement("div");
    box.className = "msg " + (who === "あなた" ? "user" : "bot");
    var name = document.createElement("p");
    name.className = "who";
    name.textContent = who;
    var body = document.createElement("p");
    body.className = "text";
    body.textContent = text;
    if (lang) { body.setAttribute("lang", lang === "ja" ? "ja" : "en"); }
    box.appendChild(name);
    box.appendChild(body);
    log.appendChild(box);
    return box;
  }

  function choices(box, list) {
    if (!list || !list.length) { return null; }
    var group = document.createElement("div");
    group.className = "choices";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "次の選択肢");
    list.forEach(function (choice) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "choice";
      button.textContent = choice.label;
      button.addEventListener("click", function () { ask({postback: choice.command}, choice.label); });
      group.appendChild(button);
    });
    box.appendChild(group);
    return group.querySelector("button");
  }

  function ask(body, shown) {
    message("あなた", shown);
    var token = form.querySelector("input[name=csrf]").value;
    fetch("/chat/ask", {method: "POST", headers: {"Content-Type": "application/json", "X-CSRF-Token": token},
                        body: JSON.stringify(body)})
      .then(function (response) { return response.json(); })
      .then(function (reply) {
        var box = message("bot", reply.text || reply.error || "", reply.lang);
        var first = choices(box, reply.choices);
        box.scrollIntoView({block: "nearest"});
        if (first && !reply.answered) { first.focus(); } else { input.focus(); }
      })
      .catch(function () { message("bot", "通信できませんでした。しばらくしてからもう一度お試しください。"); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) { return; }
    input.value = "";
    ask({q: text}, text);
  });

  Array.prototype.forEach.call(document.querySelectorAll("button.choice"), function (button) {
    button.addEventListener("click", function (event) {
      event.preventDefault();
      ask({postback: button.getAttribute("data-command")}, button.textContent);
    });
  });
})();
