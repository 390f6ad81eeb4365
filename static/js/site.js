/*
 * Brightside's one script, loaded with `defer` from base.html. Progressive
 * enhancement only: every page works without it, so it adds nothing a patient
 * needs, just conveniences. First-party and inline-free (the site's
 * Content-Security-Policy allows scripts from 'self' only).
 *
 * - The filters of the results page (<details class="filters-disclosure">) open
 *   on wide screens, where they are a sidebar (site.css shows them there even
 *   without this script; opening them keeps what assistive technology announces
 *   true to what is on screen).
 * - [data-print] buttons print the page.
 * - [data-copy-target="#id"] buttons copy that input's value and say so in a
 *   live region next to them. The words come from the page, in its language:
 *   data-copied (after copying) and data-selected-instead (when the browser
 *   will not copy and selects the address instead), on the button or an element
 *   around it (the share row); English only if the page has none.
 * Buttons with these attributes are rendered `hidden` and shown here, so nobody
 * without JavaScript meets a button that does nothing.
 */
(function () {
    "use strict";

    // The same width as the sidebar layout in site.css (.search-layout).
    var WIDE = window.matchMedia("(min-width: 56rem)");

    function syncFilters() {
        var disclosures = document.querySelectorAll("details.filters-disclosure");
        Array.prototype.forEach.call(disclosures, function (details) {
            if (WIDE.matches && !details.open) {
                details.open = true;
                details.dataset.openedForWidth = "true";
            } else if (!WIDE.matches && details.dataset.openedForWidth) {
                // Back on a narrow screen: closed again, unless the patient
                // opened it there themselves.
                details.open = false;
                delete details.dataset.openedForWidth;
            }
        });
    }

    function setUpPrintButtons() {
        Array.prototype.forEach.call(
            document.querySelectorAll("[data-print]"),
            function (button) {
                button.addEventListener("click", function () {
                    window.print();
                });
                button.hidden = false;
            }
        );
    }

    function statusAfter(button) {
        var status = document.createElement("span");
        status.className = "copy-status";
        status.setAttribute("aria-live", "polite");
        button.insertAdjacentElement("afterend", status);
        return status;
    }

    /* The data-<name> words on the button or the nearest element around it. */
    function words(button, name, english) {
        var holder = button.closest("[data-" + name + "]");
        return (holder && holder.getAttribute("data-" + name)) || english;
    }

    function copy(button, input, status) {
        var copied = words(button, "copied", "Copied");
        var selected = words(
            button,
            "selected-instead",
            "Selected: copy it with your device's Copy command"
        );
        var say = function (text) {
            status.textContent = "";
            // A fresh text node, so a second copy is announced again.
            window.setTimeout(function () {
                status.textContent = text;
            }, 50);
        };
        var selectInstead = function () {
            input.focus();
            input.select();
            say(selected);
        };
        if (!navigator.clipboard || !navigator.clipboard.writeText) {
            selectInstead();
            return;
        }
        navigator.clipboard.writeText(input.value).then(function () {
            say(copied);
        }, selectInstead);
    }

    function setUpCopyButtons() {
        Array.prototype.forEach.call(
            document.querySelectorAll("[data-copy-target]"),
            function (button) {
                var input = null;
                try {
                    input = document.querySelector(button.dataset.copyTarget);
                } catch (error) {
                    input = null; // Not a selector: treated as nothing to copy.
                }
                if (!input) {
                    return; // Nothing to copy: the button stays hidden.
                }
                var status = statusAfter(button);
                button.addEventListener("click", function () {
                    copy(button, input, status);
                });
                button.hidden = false;
            }
        );
    }

    syncFilters();
    if (WIDE.addEventListener) {
        WIDE.addEventListener("change", syncFilters);
    }
    setUpPrintButtons();
    setUpCopyButtons();
})();
