using System.Text.Json;
using Dashop.Bench.Floor;
using MassTransit;

// The floor of bench/run.sh (issue 28): POST /v1/users/sms/code doing only its essential work, with no Dashop code.
//   dotnet Floor.dll --port 5785 --bus rabbitmq|memory --store redis|memory [--redis CONN] [--rabbitmq URI] --db FILE
//                    --fake URL --account-sid SID --auth-token TOKEN --app-id ID --template-id ID [--prefix P] [--backlog N]
// A request: one Lua script claims the phone's cooldown and counts its day, the client IP's hour and the site's hour
// (the same kind of keys as Dashop's claim), the code's HMAC is stored beside it (Redis SET with expiry, or in the process),
// the code is sealed with AES-GCM and published with MassTransit (RabbitMQ with confirms, or in memory with a bounded
// backlog). A consumer (256 at a time) opens the code, signs the Ronglian TemplateSMS call, POSTs it to the fake provider
// and writes its delivery row to SQLite, many rows a transaction.
var options = FloorOptions.Parse(args);
var builder = WebApplication.CreateSlimBuilder();
builder.WebHost.UseUrls($"http://127.0.0.1:{options.Port}");
builder.Logging.ClearProviders();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, FloorJson.Default));
builder.Services.AddSingleton(options);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<CodeSeal>();
builder.Services.AddSingleton<DeliveryRows>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<DeliveryRows>());
builder.Services.AddSingleton(new Backlog(options.Backlog));
builder.Services.AddSingleton<IClaimStore>(sp => options.Store == "redis"
    ? new RedisClaimStore(options.Redis, options.Prefix)
    : new MemoryClaimStore(sp.GetRequiredService<TimeProvider>()));
builder.Services.AddHttpClient<ProviderClient>(c => c.BaseAddress = new Uri(options.Fake))
    .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { MaxConnectionsPerServer = 512 });
builder.Services.AddMassTransit(x =>
{
    x.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(options.Prefix, false));
    x.AddConsumer<SendCodeConsumer, SendCodeConsumerDefinition>();
    if (options.Bus == "rabbitmq")
        x.UsingRabbitMq((context, cfg) =>
        {
            cfg.Host(new Uri(options.RabbitMq));
            cfg.ConfigureEndpoints(context);
        });
    else
        x.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
});

var app = builder.Build();
// Connected before the first request: a synchronous connect inside the first requests' service resolution held 100 of
// them on the container's lock and starved the thread pool.
app.Services.GetRequiredService<IClaimStore>();
app.MapGet("/", () => "floor");
app.MapPost("/v1/users/sms/code", SmsCodeEndpoint.IssueAsync);
Console.WriteLine($"floor on http://127.0.0.1:{options.Port} (bus {options.Bus}, store {options.Store})");
await app.RunAsync();

namespace Dashop.Bench.Floor
{
    /// <summary>The JSON answer: the same shape of answer as Dashop's, nothing more.</summary>
    public sealed record Answer(int Code, string? Message, int? CooldownSeconds);

    public sealed record PhoneBody(string? Phone);

    [System.Text.Json.Serialization.JsonSerializable(typeof(Answer))]
    [System.Text.Json.Serialization.JsonSerializable(typeof(PhoneBody))]
    [System.Text.Json.Serialization.JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
    public sealed partial class FloorJson : System.Text.Json.Serialization.JsonSerializerContext;
}
