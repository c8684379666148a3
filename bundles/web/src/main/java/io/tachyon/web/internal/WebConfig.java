package io.tachyon.web.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Tachyon web viewer",
        description = "Where the viewer listens. Loopback only unless a host says otherwise.")
@interface WebConfig {

    @AttributeDefinition(description = "The address to listen on: 127.0.0.1 (this machine only; reach it from"
            + " elsewhere through an SSH tunnel) or e.g. 0.0.0.0 for every interface.")
    String host() default "127.0.0.1";

    @AttributeDefinition(description = "The TCP port; 0 picks a free one and keeps it for the life of the"
            + " framework, so the viewer comes back at the same URL when its bundle restarts.", min = "0",
            max = "65535")
    int port() default 0;
}
