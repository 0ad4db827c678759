using Dashop.Web.Tests.Fakes;

namespace Dashop.Web.Tests.Support;

/// <summary>A Dashop host and the fakes it sends SMS and e-mail to (see <see cref="SharedHosts"/>).</summary>
public sealed record HostWithFakes(DashopFactory Factory, FakeRonglianServer Ronglian, FakeSmtpServer Smtp);
