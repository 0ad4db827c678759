using Dashop.Web.Features.Activation;
using Dashop.Web.Features.Sms;
using MassTransit;

namespace Dashop.Web.Infrastructure.Messaging;

public static class MessagingExtensions
{
    /// <summary>
    /// MassTransit over RabbitMQ when <c>ConnectionStrings:RabbitMq</c> is set, else the in-memory transport.
    /// <c>Messaging:Prefix</c> keeps several deployments (or test runs) apart on one broker.
    /// </summary>
    public static WebApplicationBuilder AddDashopMessaging(this WebApplicationBuilder builder)
    {
        var rabbit = builder.Configuration.GetConnectionString("RabbitMq");
        var prefix = builder.Configuration["Messaging:Prefix"] ?? "";

        builder.Services.AddMassTransit(x =>
        {
            x.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(prefix, false));
            x.AddConsumer<SendSmsCodeConsumer, SendSmsCodeConsumerDefinition>();
            x.AddConsumer<SendActivationEmailConsumer, SendActivationEmailConsumerDefinition>();

            if (!string.IsNullOrWhiteSpace(rabbit))
            {
                x.UsingRabbitMq((context, cfg) =>
                {
                    cfg.Host(new Uri(rabbit));
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

        var mode = string.IsNullOrWhiteSpace(rabbit) ? "MassTransit in-memory" : $"MassTransit over RabbitMQ ({new Uri(rabbit).Host}:{new Uri(rabbit).Port})";
        builder.Services.AddSingleton(new RunMode.Concern("bus", mode));
        return builder;
    }
}
