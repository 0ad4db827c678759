namespace Dashop.Bench.FakeRonglian;

internal sealed record Arrival(string To, string Code, string ReqId, long AtMicros);
