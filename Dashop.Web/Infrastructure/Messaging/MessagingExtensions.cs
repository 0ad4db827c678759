using Dashop.Web.Features.Activation;
using Dashop.Web.Features.Sms;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Infrastructure.Messaging;

public static class MessagingExtensions
{
    /// <summary>
    /// MassTransit over RabbitMQ when <c>ConnectionStrings:RabbitMq</c> is set, else the in-memory transport.
    /// <c>Messaging:Prefix</c> keeps several deployments (or test runs) apart on one broker. In memory, the SMS
    /// backlog is bounded by <see cref="InMemoryBacklog"/>.
    /// </summary>
    public static WebApplicationBuilder AddDashopMessaging(this WebApplicationBuilder builder)
    {
        var rabbit = builder.Configuration.GetConnectionString("RabbitMq");
        builder.Services.AddOptions<MessagingOptions>()
            .BindConfiguration(MessagingOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var prefix = builder.Configuration[$"{MessagingOptions.SectionName}:{nameof(MessagingOptions.Prefix)}"] ?? "";
        var inMemory = string.IsNullOrWhiteSpace(rabbit);
        builder.Services.AddSingleton(sp => inMemory
            ? InMemoryBacklog.Bounded(sp.GetRequiredService<IOptions<MessagingOptions>>().Value.InMemoryBacklog)
            : InMemoryBacklog.Unbounded());

        builder.Services.AddMassTransit(x =>
        {
            x.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(prefix, false));
            x.AddConsumer<SendSmsCodeConsumer, SendSmsCodeConsumerDefinition>();
            x.AddConsumer<SendActivationEmailConsumer, SendActivationEmailConsumerDefinition>();

            if (!inMemory)
            {
                x.UsingRabbitMq((context, cfg) =>
                {
                    cfg.Host(new Uri(rabbit!));
                    if (prefix.Length > 0)
                        cfg.MessageTopology.SetEntityNameFormatter(new PrefixEntityNameFormatter(cfg.MessageTopology.EntityNameFormatter, prefix));
                    cfg.ConfigureEndpoints(context);
                });
            }
            else
            {
                x.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
            }
        });
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromSeconds(30);
            o.StopTimeout = TimeSpan.FromSeconds(30);
        });

        var mode = inMemory ? "MassTransit in-memory" : $"MassTransit over RabbitMQ ({new Uri(rabbit!).Host}:{new Uri(rabbit!).Port})";
        builder.Services.AddSingleton(new RunMode.Concern("bus", mode));
        return builder;
    }
}
