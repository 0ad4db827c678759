namespace Dashop.Web.Features.Api;

public static class ApiLimits
{
    public const int MaxBodyBytes = 16 * 1024;
}
