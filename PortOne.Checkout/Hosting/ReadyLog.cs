using PortOne.Checkout.Features.Payments;

namespace PortOne.Checkout.Hosting;

public static partial class ReadyLog
{
    /// <summary>One line once Kestrel listens: the mode (fake money or real) and where to reach the app.</summary>
    public static void LogWhenReady(this WebApplication app) =>
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var mode = app.Services.GetRequiredService<PortOneConnection>().IsSandbox ? "Sandbox" : "Live";
            var urls = string.Join(", ", app.Urls);
            LogReady(app.Logger, mode, urls);
        });

    [LoggerMessage(Level = LogLevel.Information, Message = "PortOne Checkout ({Mode} mode) is ready at {Urls}")]
    private static partial void LogReady(ILogger logger, string mode, string urls);
}
