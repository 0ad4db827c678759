
namespace Dashop.Web.Infrastructure.Web;

public static class ErrorHandlingExtensions
{
    public const string ErrorPagePath = "/error";

    public static WebApplicationBuilder AddDashopErrorHandling(this WebApplicationBuilder builder)
    {
        if (builder.Services.FirstTime("error-handling"))
            builder.Services.AddExceptionHandler<UnreadableRequestHandler>();
        return builder;
    }

    /// <summary>
    /// An unreadable request is a 400; a failure on a path whose feature writes its own errors gets that feature's answer; a
    /// browser that meets any other failure, or an error status, gets the HTML error page.
    /// </summary>
    public static WebApplication UseDashopErrorHandling(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = $"{ErrorPagePath}/500" });
        app.UseStatusCodePagesWithReExecute(ErrorPagePath + "/{0}");
        return app;
    }
}
