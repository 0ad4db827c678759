namespace Dashop.Testing.Ronglian;

/// <summary>One SMS the fake accepted.</summary>
public sealed record ReceivedSms(string To, string Code, string Minutes, string ReqId, DateTimeOffset At);
