namespace Dashop.Web.Tests.Support;

/// <summary>Which implementations a test host uses: the embedded defaults or the real servers.</summary>
public enum Backend
{
    /// <summary>SQLite, in-process cache, in-memory bus: what <c>dotnet run</c> uses.</summary>
    Embedded,

    /// <summary>SQLite with real Redis and RabbitMQ.</summary>
    Servers,

    /// <summary>PostgreSQL, Redis and RabbitMQ: the scale-out configuration.</summary>
    Postgres,

    /// <summary>SQLite with a Redis Cluster (three masters) and RabbitMQ: keys spread over hash slots.</summary>
    Cluster,
}
