using Dashop.Web.Tests.Support;

namespace Dashop.Web.Tests.Api;

/// <summary>
/// Spec §4: what the /v1 users endpoints answer to input they cannot use: a seed error code naming the field, or
/// HTTP 400 for a body that is not JSON of the expected shape. None of it reaches a backend, so one host does.
/// </summary>
public sealed class UsersApiInputTests
{
    private DashopFactory _factory = null!;
    private HttpClient _api = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _factory = await SharedHosts.DevelopmentAsync();
        _api = _factory.CreateClient();
    }

    [OneTimeTearDown]
    public void Stop() => _api.Dispose();

    [TestCase("12345")]
    [TestCase("not a phone")]
    [TestCase("")]
    [TestCase("+86 27723452345")]
    public async Task Bad_phones_are_10115(string phone)
    {
        var (status, body) = await _api.PostJsonAsync("/v1/users/sms/code", new { phone });
        Assert.That((status, body.Code()), Is.EqualTo((200, 10115)));
    }

    [Test]
    public async Task Missing_fields_are_10118_naming_the_field()
    {
        var phone = TestData.Phone();
        var cases = new (object Body, string Field)[]
        {
            (new { password = TestData.Password, phone, email = "a@example.com", verify = "123456" }, "uname"),
            (new { uname = "someone", phone, email = "a@example.com", verify = "123456" }, "password"),
            (new { uname = "someone", password = TestData.Password, email = "a@example.com", verify = "123456" }, "phone"),
            (new { uname = "someone", password = TestData.Password, phone, verify = "123456" }, "email"),
            (new { uname = "someone", password = TestData.Password, phone, email = "not-an-email", verify = "123456" }, "email"),
            (new { uname = "someone", password = "short", phone, email = "a@example.com", verify = "123456" }, "password"),
            (new { uname = "a b<script>", password = TestData.Password, phone, email = "a@example.com", verify = "123456" }, "uname"),
        };
        foreach (var (request, field) in cases)
        {
            var (status, body) = await _api.PostJsonAsync("/v1/users", request);
            Assert.That((status, body.Code()), Is.EqualTo((200, 10118)), body.ToString());
            Assert.That(body.ErrorMessage(), Does.Contain(field));
        }
        var (_, missingCode) = await _api.PostJsonAsync("/v1/users", new { uname = "someone", password = TestData.Password, phone, email = "a@example.com" });
        Assert.That(missingCode.Code(), Is.AnyOf(10112, 10118));
    }

    [TestCase("{\"phone\": \"1772345")]
    [TestCase("not json at all")]
    [TestCase("")]
    [TestCase("[1,2,3]")]
    [TestCase("null")]
    public async Task Malformed_json_is_HTTP_400_with_a_message(string content)
    {
        foreach (var url in new[] { "/v1/users/sms/code", "/v1/users" })
        {
            var (status, body) = await _api.PostRawAsync(url, content);
            Assert.That(status, Is.EqualTo(400), $"{url}: {body}");
            Assert.That(body.ErrorMessage(), Is.Not.Empty);
        }
    }

    [Test]
    public async Task Wrong_types_are_10118_and_oversized_bodies_are_400()
    {
        var (status, body) = await _api.PostRawAsync("/v1/users/sms/code", "{\"phone\": 17723452345}");
        Assert.That((status, body.Code()), Is.EqualTo((200, 10118)));
        Assert.That(body.ErrorMessage(), Does.Contain("phone"));

        var huge = "{\"phone\":\"" + new string('1', 100_000) + "\"}";
        var (bigStatus, bigBody) = await _api.PostRawAsync("/v1/users/sms/code", huge);
        Assert.That(bigStatus, Is.EqualTo(400), bigBody.ToString());
    }
}
