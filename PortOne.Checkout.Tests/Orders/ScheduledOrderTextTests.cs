using PortOne.Checkout.Features.Orders;

namespace PortOne.Checkout.Tests.Orders;

public class ScheduledOrderTextTests
{
    [Fact]
    public void A_scheduled_charge_reads_as_waiting_and_is_not_coloured_as_an_error()
    {
        Assert.Equal(MudBlazor.Color.Info, OrderStatusText.Color(OrderStatus.Scheduled));
        Assert.NotEqual("Status_scheduled", OrderStatusText.Label(OrderStatus.Scheduled));
    }
}
