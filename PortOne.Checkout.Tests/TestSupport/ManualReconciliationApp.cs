namespace PortOne.Checkout.Tests.TestSupport;

/// <summary>
/// The app with its reconciliation loop off and no minimum age, so a test runs each pass itself
/// (<c>Reconciliation.RunOnceAsync</c>) and sees every open order at once. The subscriptions' upkeep
/// is off too: nothing in the background touches the database unless the test asks.
/// </summary>
public sealed class ManualReconciliationApp : CheckoutApp
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Reconciliation:Enabled"] = "false",
        ["Reconciliation:MinimumAge"] = "00:00:00",
        ["Subscriptions:UpkeepEnabled"] = "false",
    };
}
