/* The stream client of the BSD socket tutorials: connect, read what the server sends until it closes, print it.
   Usage: hello_client HOST PORT */
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAXDATASIZE 100

int main(int argc, char *argv[])
{
    if (argc != 3) {
        fprintf(stderr, "usage: hello_client host port\n");
        return 1;
    }

    struct addrinfo hints, *servinfo, *p;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    int rv = getaddrinfo(argv[1], argv[2], &hints, &servinfo);
    if (rv != 0) {
        fprintf(stderr, "getaddrinfo: %s\n", gai_strerror(rv));
        return 1;
    }

    int sockfd = -1;
    for (p = servinfo; p != NULL; p = p->ai_next) {
        sockfd = socket(p->ai_family, p->ai_socktype, p->ai_protocol);
        if (sockfd == -1) {
            continue;
        }

        if (connect(sockfd, p->ai_addr, p->ai_addrlen) == -1) {
            close(sockfd);
            sockfd = -1;
            continue;
        }

        break;
    }

    freeaddrinfo(servinfo);
    if (sockfd == -1) {
        fprintf(stderr, "client: failed to connect\n");
        return 2;
    }

    char buf[MAXDATASIZE];
    int total = 0;
    for (;;) {
        int numbytes = recv(sockfd, buf + total, MAXDATASIZE - 1 - total, 0);
        if (numbytes == -1) {
            perror("recv");
            return 1;
        }

        if (numbytes == 0 || total + numbytes >= MAXDATASIZE - 1) {
            total += numbytes;
            break;
        }

        total += numbytes;
    }

    buf[total] = '\0';
    printf("client: received '%s'\n", buf);
    close(sockfd);
    return 0;
}
