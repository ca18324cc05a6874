using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Orders;

public class ScheduledOrderTextTests
{
    [Fact]
    public void A_scheduled_charge_reads_as_waiting_and_is_not_coloured_as_an_error()
    {
        Assert.Equal(MudBlazor.Color.Info, OrderStatusText.Color(OrderStatus.Scheduled));
        Assert.Equal("예약 결제 대기", Localized.In("ko", l => l.Status(OrderStatus.Scheduled)));
        Assert.Equal("Scheduled", Localized.In("en", l => l.Status(OrderStatus.Scheduled)));
    }
}
