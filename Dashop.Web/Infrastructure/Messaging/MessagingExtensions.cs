using MassTransit;
using MassTransit.Configuration;
using Microsoft.Extensions.Options;
using Dashop.Web.Infrastructure.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dashop.Web.Infrastructure.Messaging;

public static class MessagingExtensions
{
    /// <summary>
    /// MassTransit over RabbitMQ when <c>ConnectionStrings:RabbitMq</c> is set, else the in-memory transport, whose
    /// backlog is bounded by <see cref="InMemoryBacklog"/> through a publish and a consume filter. <c>Messaging:Prefix</c>
    /// keeps several deployments (or test runs) apart on one broker. Features add their consumers with
    /// <see cref="AddDashopConsumer{TConsumer, TDefinition}"/>, before or after this call.
    /// </summary>
    public static WebApplicationBuilder AddDashopMessaging(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        if (!services.FirstTime("messaging"))
            return builder;
        var rabbit = builder.Configuration.GetConnectionString("RabbitMq");
        var inMemory = string.IsNullOrWhiteSpace(rabbit);
        var configured = builder.Configuration.Read<MessagingOptions>(MessagingOptions.SectionName);
        var prefix = configured.Prefix;
        var quorum = configured.QueueType == QueueType.Quorum;
        services.AddValidatedOptions<MessagingOptions>(MessagingOptions.SectionName);
        services.AddSingleton<MessageProtection>();
        services.AddSingleton(sp => InMemoryBacklog.Bounded(sp.GetRequiredService<IOptions<MessagingOptions>>().Value.InMemoryBacklog));

        services.AddMassTransit(x =>
        {
            x.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(prefix, false));
            if (!inMemory)
            {
                // Every endpoint ConfigureEndpoints makes is a consumer's durable queue; the bus's own temporary queue is not one.
                if (quorum)
                    x.AddConfigureEndpointsCallback((_, _, endpoint) => (endpoint as IRabbitMqReceiveEndpointConfigurator)?.SetQuorumQueue());
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
                x.UsingInMemory((context, cfg) =>
                {
                    cfg.UsePublishFilter(typeof(InMemoryBacklogPublishFilter<>), context);
                    cfg.UseConsumeFilter(typeof(InMemoryBacklogConsumeFilter<>), context);
                    cfg.ConfigureEndpoints(context);
                });
            }
        });
        services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromSeconds(30);
            o.StopTimeout = TimeSpan.FromSeconds(30);
        });

        if (inMemory)
        {
            services.AddStatusCheck<InMemoryBacklogHealthCheck>("bus-backlog");
        }
        else
        {
            // Made by a factory so that the container owns it and closes the connection at shutdown.
            services.AddSingleton(_ => new RabbitMqCheckConnection(new Uri(rabbit!)));
            services.AddReadinessCheck<BrokerHealthCheck>("rabbitmq");
        }
        services.PostConfigure<HealthCheckServiceOptions>(NameTheBusTransport);

        var mode = inMemory
            ? "MassTransit in-memory"
            : $"MassTransit over RabbitMQ ({new Uri(rabbit!).Host}:{new Uri(rabbit!).Port}, {(quorum ? "quorum" : "classic")} queues)";
        services.AddSingleton(new RunMode.Concern("bus", mode));
        return builder;
    }

    /// <summary>
    /// MassTransit registers its own checks ("masstransit-bus", tagged ready). Their descriptions say "Ready" or why not;
    /// this adds which transport the bus runs on, and makes sure readiness includes them.
    /// </summary>
    internal static void NameTheBusTransport(HealthCheckServiceOptions options)
    {
        foreach (var registration in options.Registrations.Where(r => r.Name.StartsWith("masstransit", StringComparison.Ordinal)))
        {
            var bus = registration.Factory;
            registration.Factory = sp => new TransportHealthCheck(bus(sp), sp.GetService<RunMode>()?.Mode("bus") ?? "MassTransit");
            registration.Tags.Add(HealthTags.Ready);
        }
    }

    /// <summary>
    /// A feature's consumer, with the definition that holds its retry policy; <c>ConfigureEndpoints</c> gives it its queue.
    /// Safe to call more than once.
    /// </summary>
    public static WebApplicationBuilder AddDashopConsumer<TConsumer, TDefinition>(this WebApplicationBuilder builder)
        where TConsumer : class, IConsumer
        where TDefinition : class, IConsumerDefinition<TConsumer>
    {
        builder.AddDashopMessaging();
        if (builder.Services.FirstTime("consumer:" + typeof(TConsumer).FullName))
            builder.Services.RegisterConsumer<TConsumer, TDefinition>();
        return builder;
    }
}
