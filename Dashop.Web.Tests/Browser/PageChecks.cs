using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Dashop.Web.Tests.Browser;

/// <summary>What a page must hold on any screen (§19), measured in the browser.</summary>
public static class PageChecks
{
    /// <summary>Names that stay in Latin script on a Chinese page: brands, providers, protocols, and units.</summary>
    public static readonly IReadOnlySet<string> LatinNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Dashop", "dadashop", "Weibo", "QQ", "Ronglian", "SMTP", "MailKit", "RabbitMQ", "Redis", "PostgreSQL", "SQLite", "OTLP",
        "API", "REST", "HTTP", "HTTPS", "URL", "IP", "ICP", "UTC", "MD5", "OAuth", "JSON", "eml", "metrics", "ms", "English",
        "Cluster", "dev", "inbox", "oauth2", "weibo",
    };

    /// <summary>
    /// What on a Chinese page as it is would stop a person: axe's serious and critical violations (every violation is
    /// printed), sideways scrolling, English words.
    /// </summary>
    public static async Task<List<string>> ProblemsAsync(IPage page, string step)
    {
        var problems = new List<string>();
        foreach (var violation in (await page.RunAxe()).Violations)
        {
            var line = $"{step}: [{violation.Impact}] {violation.Id}: {violation.Help} " + string.Join(" | ", violation.Nodes.Select(n => n.Html));
            TestContext.Out.WriteLine(line);
            if (violation.Impact is "serious" or "critical")
                problems.Add(line);
        }
        if (await SidewaysOverflowAsync(page) is { } overflow)
            problems.Add($"{step}: {overflow}");
        if (await LatinWordsAsync(page) is { Length: > 0 } latin)
            problems.Add($"{step}: English on a Chinese page: {string.Join(", ", latin)}");
        return problems;
    }

    /// <summary>The page is no wider than its window: nothing scrolls sideways.</summary>
    public static async Task<string?> SidewaysOverflowAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        return widths[0] <= widths[1] ? null : $"{widths[0]} px wide in a {widths[1]} px window";
    }

    /// <summary>
    /// Words broken inside across two lines: every Latin-script or numeric word of a visible text node (Intl.Segmenter's
    /// words, measured with Range.getClientRects), and every button or badge as a whole (Chinese breaks between any two
    /// characters, so a short label must not break at all).
    /// </summary>
    public static async Task<string[]> BrokenWordsAsync(IPage page) => await page.EvaluateAsync<string[]>("""
        () => {
          const lines = range => new Set([...range.getClientRects()].filter(r => r.width > 0 && r.height > 0).map(r => Math.round(r.top + r.height / 2))).size;
          const broken = [];
          const segmenter = new Intl.Segmenter('en', { granularity: 'word' });
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          while (walker.nextNode()) {
            const node = walker.currentNode;
            const parent = node.parentElement;
            if (!parent || parent.closest('script, style, .text-token, .visually-hidden, .visually-hidden-focusable:not(:focus)')) continue;
            for (const s of segmenter.segment(node.data)) {
              if (!s.isWordLike || s.segment.length < 2 || !/^[\p{Script=Latin}\p{N}_'’]+$/u.test(s.segment)) continue;
              const range = document.createRange();
              range.setStart(node, s.index);
              range.setEnd(node, s.index + s.segment.length);
              if (lines(range) > 1) broken.push(s.segment);
            }
          }
          for (const label of document.querySelectorAll('.btn, .badge')) {
            const range = document.createRange();
            range.selectNodeContents(label);
            if (label.textContent.trim().length > 1 && lines(range) > 1) broken.push('[' + label.textContent.trim() + ']');
          }
          return broken;
        }
        """);

    /// <summary>
    /// Latin-script words a Chinese page shows (text, placeholders, titles, labels for assistive technology), outside
    /// the allowed names and outside what is marked <c>translate="no"</c> (people's names, addresses, codes, links).
    /// </summary>
    public static async Task<string[]> LatinWordsAsync(IPage page)
    {
        var words = await page.EvaluateAsync<string[]>("""
            () => {
              const found = [];
              const skip = el => !el || el.closest('script, style, [translate="no"], [lang]:not(html):not([lang^="zh"])');
              const take = text => { for (const m of (text || '').matchAll(/[\p{Script=Latin}][\p{Script=Latin}'’]+/gu)) found.push(m[0]); };
              const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
              while (walker.nextNode()) if (!skip(walker.currentNode.parentElement)) take(walker.currentNode.data);
              for (const el of document.querySelectorAll('[placeholder], [title], [aria-label], [data-label], img[alt], input[type=submit][value]'))
                if (!skip(el)) ['placeholder', 'title', 'aria-label', 'data-label', 'alt'].forEach(a => take(el.getAttribute(a)));
              take(document.title);
              return found;
            }
            """);
        return words.Where(w => !LatinNames.Contains(w)).Distinct().ToArray();
    }
}
