using System.ComponentModel;
using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Dashop.Web.Infrastructure.Web;
using Dashop.Web.Tests.Activation;
using Dashop.Web.Tests.Fakes;
using Dashop.Web.Tests.Support;
using Dashop.Web.Tests.PasswordReset;
using Dashop.Web.Tests.WeiboLogin;
using Dashop.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Dashop.Web.Tests.Reliability;

/// <summary>
/// Issue 22 §8, spec §18: every field of every form, found by rendering the pages (as a stranger, as a signed-in person, in
/// the middle of a Weibo bind, and the pages that links in e-mails open), posted with odd values and, where the server
/// binds it to a type other than text, with values of the wrong type, each with a valid antiforgery token. A form added
/// later is covered without editing this test.
/// </summary>
public sealed class FormFieldFuzzTests
{
    private const string Marker = "<x-fuzz onload=alert(1)>";
    private const int MaxPagesPerSession = 80;

    private static readonly string[] OddValues =
    [
        "perhaps", "", " ", "-1", "1e999", "99999999999999999999", "NaN", "0x1F", "\u0000\u0007", "\u0007\u001b", "\r\nX-Injected: 1", Marker,
        "😀\u202Eevil\u202C", "' OR 1=1 --", new string('9', 300), new string('é', 5000),
    ];

    private static readonly HtmlParser Parser = new();

    private WeiboTestHost _host = null!;
    private FakeSmtpServer _smtp = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _smtp = await FakeSmtpServer.CreateAsync();
        _host = await WeiboTestHost.StartAsync(Backend.Embedded, settings: ActivationFlowTests.SmtpSettings(_smtp.Port));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _host.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    private sealed record Field(string Name, string Type, string Value);

    private sealed record Form(string Method, string Action, string Page, List<Field> Fields, Session Session);

    /// <summary>A kind of visitor: how to become one again when a post ended the session (sign-out, a stamp change).</summary>
    private sealed class Session(string name, Func<Task<HttpClient>> start)
    {
        public string Name { get; } = name;
        public HttpClient Client { get; private set; } = null!;
        public List<string> Seeds { get; } = [];

        public async Task StartAsync() => Client = await start();
    }

    [Test]
    public async Task Every_field_of_every_form_given_odd_values_never_gets_a_5xx_and_a_wrong_type_gets_the_form_back_naming_it()
    {
        var sessions = await SessionsAsync();
        var forms = new Dictionary<string, Form>();
        foreach (var session in sessions)
            await CrawlAsync(session, forms);
        Assert.That(forms.Values.Select(f => f.Action), Is.SupersetOf(new[] { "/register", "/login", "/weibo/bind/phone", "/weibo/bind/link/sms", "/account/password", "/password/reset" }),
            "the crawl reached the pages of every kind of visitor");

        var failures = new List<string>();
        var typedChecks = 0;
        foreach (var form in forms.Values)
        {
            foreach (var field in form.Fields.Where(f => f.Name != "__RequestVerificationToken"))
            {
                var bound = BoundField(form, field.Name);
                foreach (var value in OddValues)
                {
                    // A NUL anywhere in a form makes the whole body unreadable: a 400 before any field is bound (BadInputTests).
                    var wrongType = bound is not null && !value.Contains('\0', StringComparison.Ordinal) && IsWrongType(bound, value);
                    using var response = await PostAsync(form, field.Name, [value]);
                    var body = await response.Content.ReadAsStringAsync();
                    var what = $"{form.Session.Name} {form.Method} {form.Action} {field.Name}={Show(value)}";
                    CheckNoFailure(what, response, body, failures);
                    if (wrongType)
                    {
                        typedChecks++;
                        CheckFormBack(what, form, field, bound!, response, body, failures);
                    }
                }
                // The same field twice, the second value odd: what a browser never sends.
                using var twice = await PostAsync(form, field.Name, [field.Value, "perhaps"]);
                CheckNoFailure($"{form.Session.Name} {form.Action} {field.Name} twice", twice, await twice.Content.ReadAsStringAsync(), failures);
            }
        }

        var fields = forms.Values.Sum(f => f.Fields.Count(x => x.Name != "__RequestVerificationToken"));
        await TestContext.Out.WriteLineAsync($"{forms.Count} forms, {fields} fields, {fields * (OddValues.Length + 1)} posts, {typedChecks} wrong-type checks");
        Assert.That(typedChecks, Is.GreaterThan(0), "some field is bound to a type other than text (TermsAccepted, Remember)");
        Assert.That(failures, Is.Empty, string.Join('\n', failures.Take(30)));
    }

    // ---- the visitors and where they start ----

    private async Task<List<Session>> SessionsAsync()
    {
        var app = _host.App;
        HttpClient NewClient()
        {
            var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
            return client;
        }

        var username = TestData.Username("fz");
        var email = $"{username}@example.com";
        var signedIn = new Session("signed-in", async () =>
        {
            var client = NewClient();
            using var response = await client.PostFormAsync("/login", "/login", new Dictionary<string, string>
            {
                ["Login"] = username, ["Password"] = TestData.Password,
            });
            return client;
        });
        var anonymous = new Session("anonymous", () => Task.FromResult(NewClient()));
        var weibo = new Session("weibo-bind", async () =>
        {
            var browser = new WeiboBrowser(app, _host.Weibo);
            var landed = await browser.LoginAsync(FakeWeiboUser.New());
            Assert.That(landed, Does.StartWith("/weibo/bind"));
            return browser.Http;
        });

        // The signed-in person registers through the page (an activation link arrives) and asks to change their address.
        await anonymous.StartAsync();
        var phone = TestData.Phone();
        var (_, sent) = await anonymous.Client.PostJsonAsync("/v1/users/sms/code", new { phone });
        Assert.That(sent.Code(), Is.EqualTo(200), sent.ToString());
        using (var registered = await anonymous.Client.PostFormAsync("/register", "/register", new Dictionary<string, string>
        {
            ["Username"] = username, ["Password"] = TestData.Password, ["Phone"] = phone, ["Email"] = email,
            ["Code"] = await _host.Ronglian.WaitForCodeAsync(phone), ["TermsAccepted"] = "true",
        }))
            Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        await signedIn.StartAsync();
        signedIn.Seeds.Add(PathOf(ActivationFlowTests.LinkIn(await _smtp.WaitForAsync(email))));
        var newAddress = $"new-{email}";
        using (await signedIn.Client.PostFormAsync("/account", "/account/email", new Dictionary<string, string>
        {
            ["Email"] = newAddress, ["Password"] = TestData.Password,
        }))
            signedIn.Seeds.Add(PathOf(LinkTo(await _smtp.WaitForAsync(newAddress), "/account/email/confirm")));

        // A stranger opens a reset link (someone else's account, with a confirmed address).
        var otherEmail = $"{TestData.Username("fzr")}@example.com";
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<UserManager<DashopUser>>().CreateAsync(new DashopUser
            {
                UserName = TestData.Username("fzr"), PhoneNumber = "+86" + TestData.Phone(), Email = otherEmail, EmailConfirmed = true,
                CreatedAtUtc = DateTime.UtcNow,
            }, TestData.Password);
            Assert.That(created.Succeeded, Is.True);
        }
        using (await PasswordResetTestHost.AskResetLinkAsync(anonymous.Client, otherEmail))
            anonymous.Seeds.Add(PathOf(LinkTo(await _smtp.WaitForAsync(otherEmail), "/password/reset")));

        await weibo.StartAsync();
        weibo.Seeds.Add("/weibo/bind");
        return [anonymous, signedIn, weibo];
    }

    // ---- finding the forms ----

    private async Task CrawlAsync(Session session, Dictionary<string, Form> forms)
    {
        var queue = new Queue<string>(session.Seeds.Concat(PagesWithoutParameters()));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (queue.Count > 0 && seen.Count < MaxPagesPerSession)
        {
            var url = queue.Dequeue();
            if (!seen.Add(url))
                continue;
            using var response = await session.Client.GetAsync(url);
            if (response.Content.Headers.ContentType?.MediaType != "text/html")
                continue;
            var document = Parser.ParseDocument(await response.Content.ReadAsStringAsync());
            foreach (var form in document.Forms)
            {
                var found = Read(form, url, session);
                forms.TryAdd($"{found.Method} {found.Action} {string.Join(',', found.Fields.Select(f => f.Name).Order(StringComparer.Ordinal))}", found);
            }
            foreach (var link in document.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!))
            {
                if (link.StartsWith('/') && !link.StartsWith("//", StringComparison.Ordinal) && !IsStaticFile(link))
                    queue.Enqueue(link.Split('#')[0]);
            }
        }
    }

    /// <summary>Every page the app answers a GET for without a route value: new pages are crawled from here.</summary>
    private IEnumerable<string> PagesWithoutParameters() =>
        _host.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.Parameters.Count == 0
                && e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("GET") == true)
            .Select(e => "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'))
            .Distinct();

    private static bool IsStaticFile(string link) =>
        link.StartsWith("/css/", StringComparison.Ordinal) || link.StartsWith("/js/", StringComparison.Ordinal)
        || link.StartsWith("/lib/", StringComparison.Ordinal) || Path.HasExtension(link.Split('?')[0]);

    private static Form Read(IHtmlFormElement form, string page, Session session)
    {
        var action = form.GetAttribute("action") is { Length: > 0 } a ? a : page;
        var fields = new List<Field>();
        foreach (var element in form.Elements)
        {
            var name = element.GetAttribute("name");
            if (string.IsNullOrEmpty(name))
                continue;
            switch (element)
            {
                case IHtmlInputElement input when input.Type is "submit" or "button" or "image" or "reset" or "file":
                    continue;
                case IHtmlInputElement input:
                    fields.Add(new Field(name, input.Type, BaselineValue(name, input)));
                    break;
                case IHtmlSelectElement select:
                    fields.Add(new Field(name, "select", select.Options.Length > 0 ? select.Options[0].Value ?? "" : ""));
                    break;
                case IHtmlButtonElement button:
                    fields.Add(new Field(name, "button", button.Value ?? ""));
                    break;
                case IHtmlTextAreaElement:
                    fields.Add(new Field(name, "textarea", "kept-" + name));
                    break;
            }
        }
        // A checkbox and its hidden "false" share a name: one field, posted as the checkbox would be.
        var unique = fields.GroupBy(f => f.Name).Select(g => g.FirstOrDefault(f => f.Type == "checkbox") ?? g.First()).ToList();
        return new Form((form.Method ?? "post").ToUpperInvariant(), action, page, unique, session);
    }

    private static string BaselineValue(string name, IHtmlInputElement input) => input.Type switch
    {
        "hidden" => input.Value ?? "",
        "checkbox" or "radio" => input.Value is { Length: > 0 } v ? v : "on",
        "email" => $"kept-{name}@example.com",
        _ => "kept-" + name,
    };

    // ---- what the server binds a field to ----

    private ModelMetadata? BoundField(Form form, string field)
    {
        var path = form.Action.Split('?')[0];
        var services = _host.App.Services;
        var endpoint = services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().FirstOrDefault(e =>
            e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains(form.Method) == true
            && new TemplateMatcher(TemplateParser.Parse(e.RoutePattern.RawText ?? ""), []).TryMatch(path, []));
        if (endpoint?.Metadata.GetMetadata<ControllerActionDescriptor>() is not { } action)
            return null;
        var metadata = services.GetRequiredService<IModelMetadataProvider>();
        foreach (var parameter in action.Parameters)
        {
            var source = parameter.BindingInfo?.BindingSource;
            if (source is not null && source != BindingSource.Form && source != BindingSource.Query && source != BindingSource.ModelBinding)
                continue;
            var type = metadata.GetMetadataForType(parameter.ParameterType);
            var prefix = parameter.BindingInfo?.BinderModelName ?? parameter.Name;
            if (!type.IsComplexType)
            {
                if (string.Equals(field, prefix, StringComparison.OrdinalIgnoreCase))
                    return type;
                continue;
            }
            foreach (var candidate in new[] { prefix + ".", "" })
            {
                if (!field.StartsWith(candidate, StringComparison.OrdinalIgnoreCase))
                    continue;
                var found = Walk(type, field[candidate.Length..].Split('.'));
                if (found is not null)
                    return found;
            }
        }
        return null;
    }

    private static ModelMetadata? Walk(ModelMetadata type, string[] path)
    {
        var current = type;
        foreach (var part in path)
        {
            current = current.Properties.FirstOrDefault(p => string.Equals(p.PropertyName, part, StringComparison.OrdinalIgnoreCase))!;
            if (current is null)
                return null;
        }
        return current;
    }

    private static bool IsWrongType(ModelMetadata bound, string value)
    {
        var type = bound.UnderlyingOrModelType;
        if (type == typeof(string) || bound.IsComplexType)
            return false;
        if (string.IsNullOrWhiteSpace(value))
            return !bound.IsReferenceOrNullableType;
        try
        {
            TypeDescriptor.GetConverter(type).ConvertFrom(null, CultureInfo.InvariantCulture, value.Trim());
            return false;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException or NotSupportedException)
        {
            return true;
        }
    }

    // ---- posting and checking ----

    private async Task<HttpResponseMessage> PostAsync(Form form, string field, string[] values)
    {
        var (page, current) = await RenderAsync(form);
        if (page is null)
        {
            await form.Session.StartAsync();
            (page, current) = await RenderAsync(form);
        }
        var token = page is null ? "" : HttpExtensions.AntiforgeryTokenFrom(page);
        var pairs = (current ?? form).Fields
            .Where(f => f.Name != field && f.Name != "__RequestVerificationToken")
            .Select(f => new KeyValuePair<string, string>(f.Name, f.Value))
            .Concat(values.Select(v => new KeyValuePair<string, string>(field, v)))
            .Append(new("__RequestVerificationToken", token))
            .ToList();
        var client = form.Session.Client;
        if (form.Method == "GET")
            return await client.GetAsync(form.Action.Split('?')[0] + "?" + await new FormUrlEncodedContent(pairs).ReadAsStringAsync());
        return await client.PostAsync(form.Action, new FormUrlEncodedContent(pairs));
    }

    /// <summary>The page the form was found on, rendered again for a fresh token and its current hidden values; null when the form is gone.</summary>
    private static async Task<(string? Page, Form? Current)> RenderAsync(Form form)
    {
        using var response = await form.Session.Client.GetAsync(form.Page);
        var html = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.BadRequest)
            return (null, null);
        var current = Parser.ParseDocument(html).Forms.Select(f => Read(f, form.Page, form.Session)).FirstOrDefault(f => f.Action == form.Action);
        // A one-time link's form is gone once used; its fields as first rendered are still posted, with this page's token.
        return (html.Contains("__RequestVerificationToken", StringComparison.Ordinal) ? html : null, current);
    }

    private static void CheckNoFailure(string what, HttpResponseMessage response, string body, List<string> failures)
    {
        if ((int)response.StatusCode >= 500)
            failures.Add($"{what}: HTTP {(int)response.StatusCode}");
        if (body.Contains("   at ", StringComparison.Ordinal) || body.Contains("Exception", StringComparison.Ordinal))
            failures.Add($"{what}: stack trace or exception text in the answer");
        if (response.Content.Headers.ContentType?.MediaType == "text/html" && body.Contains(Marker, StringComparison.Ordinal))
            failures.Add($"{what}: typed text echoed without HTML encoding");
    }

    /// <summary>The form again (not a redirect, not an error page), with a message naming the field, what was typed kept, passwords not.</summary>
    private void CheckFormBack(string what, Form form, Field field, ModelMetadata bound, HttpResponseMessage response, string body, List<string> failures)
    {
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.BadRequest) || response.Content.Headers.ContentType?.MediaType != "text/html")
        {
            failures.Add($"{what}: HTTP {(int)response.StatusCode} {response.Headers.Location}, not the form again");
            return;
        }
        var document = Parser.ParseDocument(body);
        var again = document.Forms.FirstOrDefault(f => (f.GetAttribute("action") ?? "") == form.Action);
        if (again is null)
        {
            failures.Add($"{what}: the answer has no {form.Action} form");
            return;
        }
        var expected = ExpectedMessage(bound, field.Name, document.DocumentElement.GetAttribute("lang") ?? "en");
        if (!document.Body!.TextContent.Contains(expected, StringComparison.Ordinal))
            failures.Add($"{what}: no message \"{expected}\"");
        foreach (var input in again.Elements.OfType<IHtmlInputElement>())
        {
            var name = input.Name ?? "";
            if (input.Type == "password" && !string.IsNullOrEmpty(input.Value))
                failures.Add($"{what}: the password field {name} is filled in again");
            if (input.Type is "text" or "email" or "tel" && name != field.Name
                && form.Fields.FirstOrDefault(f => f.Name == name) is { } posted && input.Value != posted.Value)
                failures.Add($"{what}: {name} lost what was typed ({Show(input.Value ?? "")} instead of {posted.Value})");
        }
    }

    /// <summary>The app's message for a wrong value of this field, in the language the page was answered in.</summary>
    private string ExpectedMessage(ModelMetadata bound, string field, string language)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
        try
        {
            var text = _host.App.Services.GetRequiredService<IStringLocalizerFactory>().Create(typeof(SharedResource));
            var name = bound.DisplayName ?? bound.PropertyName ?? bound.ParameterName ?? field;
            return text[MvcExtensions.InvalidValueMessage, name].Value;
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    private static string Show(string value) => value.Length > 20 ? value[..20] + $"…({value.Length})" : value.Replace("\0", "\\0", StringComparison.Ordinal);

    private static string PathOf(string link) => new Uri(link).PathAndQuery;

    private static string LinkTo(MimeKit.MimeMessage message, string path)
    {
        var text = message.TextBody ?? "";
        var start = text.IndexOf("http", StringComparison.Ordinal);
        while (start >= 0)
        {
            var end = text.IndexOfAny([' ', '\r', '\n', '<', '"'], start);
            var link = end < 0 ? text[start..] : text[start..end];
            if (new Uri(link).AbsolutePath == path)
                return link;
            start = text.IndexOf("http", start + 1, StringComparison.Ordinal);
        }
        Assert.Fail($"no {path} link in the e-mail: {text}");
        return "";
    }
}
