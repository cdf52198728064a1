package io.cfkit.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.netty.common.HttpLifecycleChannelHandler.CompleteEvent;
import com.netflix.netty.common.HttpLifecycleChannelHandler.CompleteReason;
import com.netflix.zuul.passport.CurrentPassport;
import com.netflix.zuul.passport.PassportState;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PassportClearingTest {

    private final List<Object> eventsAfter = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel(PassportClearing.INSTANCE, new ChannelInboundHandlerAdapter() {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            eventsAfter.add(event);
        }
    });

    @Test
    void aCompletedRequestLeavesTheConnectionWithoutItsPassport() {
        CurrentPassport.fromChannel(channel).add(PassportState.IN_REQ_HEADERS_RECEIVED);
        CompleteEvent complete = new CompleteEvent(CompleteReason.SESSION_COMPLETE, null, null);

        channel.pipeline().fireUserEventTriggered(complete);

        assertThat(CurrentPassport.fromChannelOrNull(channel)).isNull();
        assertThat(eventsAfter).containsExactly(complete);
    }

    @Test
    void otherEventsLeaveThePassportAlone() {
        CurrentPassport passport = CurrentPassport.fromChannel(channel);
        passport.add(PassportState.IN_REQ_HEADERS_RECEIVED);

        channel.pipeline().fireUserEventTriggered("not a lifecycle event");

        assertThat(CurrentPassport.fromChannelOrNull(channel)).isSameAs(passport);
        assertThat(eventsAfter).containsExactly("not a lifecycle event");
    }
}
