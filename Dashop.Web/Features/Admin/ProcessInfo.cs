namespace Dashop.Web.Features.Admin;

public sealed record ProcessInfo(string Version, string Environment, TimeSpan Uptime, string Machine);
