/*
 * Program page: a "Back to your results" link for a patient who came from a search.
 *
 * The server sends every patient the same page (so it stays publicly cacheable and
 * the search never reaches the server a second time); the link is made here, in the
 * browser, from document.referrer. Only an address on this site that is a search of
 * the directory counts (the directory itself or its /need/ and /state/ landing
 * pages, never another program): anything else leaves just "All programs".
 *
 * After "Save to My list" the page reloads itself, so the referrer is the program:
 * the search is remembered for this program in sessionStorage (this tab only, gone
 * when it closes, like the tab's own history) so the link stays.
 */
(function () {
    "use strict";

    var STORE_KEY = "brightside.resultsForProgram";
    var back = document.querySelector("[data-back-to-results]");
    var directory = document.querySelector("[data-directory]");
    if (!back || !directory) {
        return;
    }
    var root = new URL(directory.href).pathname;

    /* The address if it is a directory search on this site, else "". */
    function searchAddress(address) {
        var url;
        try {
            url = new URL(address);
        } catch (error) {
            return "";
        }
        var path = url.pathname;
        var isSearch =
            path === root ||
            path.indexOf(root + "need/") === 0 ||
            path.indexOf(root + "state/") === 0;
        return url.origin === window.location.origin && isSearch ? url.href : "";
    }

    function remembered() {
        try {
            var saved = JSON.parse(window.sessionStorage.getItem(STORE_KEY) || "null");
            if (saved && saved.program === window.location.pathname) {
                return searchAddress(saved.results);
            }
        } catch (error) {
            /* Storage switched off or unreadable: no link, nothing breaks. */
        }
        return "";
    }

    function remember(results) {
        try {
            window.sessionStorage.setItem(
                STORE_KEY,
                JSON.stringify({ program: window.location.pathname, results: results })
            );
        } catch (error) {
            /* Storage switched off: the link just will not survive a reload. */
        }
    }

    var results = searchAddress(document.referrer);
    if (results) {
        remember(results);
    } else {
        results = remembered();
    }
    if (results) {
        back.href = results;
        back.hidden = false;
    }
})();
