package org.vibevoice.server;

/** Every generation slot is busy and the waiting queue is full: the client should retry later. */
public final class ServiceBusyException extends Exception {
    ServiceBusyException(int queueCapacity) {
        super("the server is busy: " + queueCapacity + " request(s) are already waiting; retry later");
    }
}
