using System.Globalization;

namespace Dashop.Bench.Floor;

/// <summary>The command line of the floor (see Program.cs).</summary>
public sealed class FloorOptions
{
    public int Port { get; private set; } = 5785;
    public string Bus { get; private set; } = "memory";
    public string Store { get; private set; } = "memory";
    public string Redis { get; private set; } = "127.0.0.1:6379";
    public string RabbitMq { get; private set; } = "amqp://guest:guest@127.0.0.1:5672/";
    public string Db { get; private set; } = "floor.db";
    public string Fake { get; private set; } = "http://127.0.0.1:5781";
    public string AccountSid { get; private set; } = "";
    public string AuthToken { get; private set; } = "";
    public string AppId { get; private set; } = "";
    public string TemplateId { get; private set; } = "1";
    public string Prefix { get; private set; } = "floor";
    public int Backlog { get; private set; } = 1000;
    public int CodeTtlSeconds { get; private set; } = 300;
    public int CooldownSeconds { get; private set; } = 60;

    public static FloorOptions Parse(string[] args)
    {
        var o = new FloorOptions();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var v = args[i + 1];
            switch (args[i])
            {
                case "--port": o.Port = int.Parse(v, CultureInfo.InvariantCulture); break;
                case "--bus": o.Bus = v is "rabbitmq" or "memory" ? v : throw new ArgumentException("--bus rabbitmq|memory"); break;
                case "--store": o.Store = v is "redis" or "memory" ? v : throw new ArgumentException("--store redis|memory"); break;
                case "--redis": o.Redis = v; break;
                case "--rabbitmq": o.RabbitMq = v; break;
                case "--db": o.Db = v; break;
                case "--fake": o.Fake = v; break;
                case "--account-sid": o.AccountSid = v; break;
                case "--auth-token": o.AuthToken = v; break;
                case "--app-id": o.AppId = v; break;
                case "--template-id": o.TemplateId = v; break;
                case "--prefix": o.Prefix = v; break;
                case "--backlog": o.Backlog = int.Parse(v, CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        return o;
    }
}
