package io.cfkit.gateway.discovery;

import com.sun.jersey.api.client.ClientHandlerException;
import com.sun.jersey.api.client.ClientRequest;
import com.sun.jersey.api.client.ClientResponse;
import com.sun.jersey.api.client.filter.ClientFilter;
import io.cfkit.support.EurekaServer;

/**
 * Adds the Eureka credentials as an Authorization header to each request of eureka-client 1.10's Jersey client.
 * Without it the client sends Basic auth only from the service URL's user info, and it logs that URL whenever
 * Eureka cannot be reached.
 */
final class EurekaAuthorization extends ClientFilter {

    private final String authorization;

    EurekaAuthorization(EurekaServer eureka) {
        this.authorization = eureka.authorization();
    }

    @Override
    public ClientResponse handle(ClientRequest request) throws ClientHandlerException {
        request.getHeaders().putSingle("Authorization", authorization);
        return getNext().handle(request);
    }
}
