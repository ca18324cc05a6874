using Dapper;
using PortOne.Checkout.Database;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Database;

/// <summary>
/// The whole app started on an empty database of this run's provider (SQLite, or PostgreSQL in
/// test.sh's second run): it migrates it and takes an order through payment.
/// </summary>
public class FreshDatabaseTests(CheckoutApp app) : IClassFixture<CheckoutApp>
{
    [Fact]
    public async Task An_app_started_on_an_empty_database_migrates_it_and_pays_an_order_end_to_end()
    {
        var db = app.Get<Db>();
        var placed = await app.PlaceOrderAsync(null, ("MUG-CELADON", 2));

        var impUid = await app.Shopper().PayAsync(placed.RequestPayParams);
        await app.Get<PaymentSync>().SyncAsync(impUid, SyncSource.Callback);

        Assert.Equal(TempDatabase.Provider, db.Provider);
        await using var connection = await app.OpenDatabaseAsync();
        Assert.Equal(Migrator.Versions(db.Sql), await connection.QueryAsync<string>("SELECT version FROM schema_migrations ORDER BY version;"));
        var order = await app.OrderAsync(placed.Order.MerchantUid);
        Assert.Equal((OrderStatus.Paid, 27_000L, impUid), (order!.Status, order.Amount, order.ImpUid));
        var items = await app.Get<OrderStore>().ItemsAsync(order.Id);
        Assert.Equal(("청자 머그컵", 2L, 12_000L), (Assert.Single(items).Name, (long)items[0].Quantity, items[0].UnitPrice));
        Assert.Equal([OrderStatus.Pending, OrderStatus.Paid], (await app.Get<OrderStore>().EventsAsync(order.Id)).Select(e => e.StatusAfter));
    }
}
