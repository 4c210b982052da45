/* A UDP client in the style of the BSD socket tutorials: sendto a request (id, a, b), wait up to 10 s for the
   reply, print "id=<id> sum=<sum>". Usage: udp_adder_client HOST PORT ID A B */
#include <arpa/inet.h>
#include <netdb.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
    if (argc != 6) {
        fprintf(stderr, "usage: udp_adder_client host port id a b\n");
        return 1;
    }

    struct addrinfo hints, *servinfo;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_DGRAM;
    if (getaddrinfo(argv[1], argv[2], &hints, &servinfo) != 0) {
        fprintf(stderr, "getaddrinfo failed\n");
        return 1;
    }

    int sockfd = socket(servinfo->ai_family, servinfo->ai_socktype, servinfo->ai_protocol);
    uint32_t request[3] = { htonl((uint32_t)atol(argv[3])), htonl((uint32_t)atoi(argv[4])), htonl((uint32_t)atoi(argv[5])) };
    if (sendto(sockfd, request, sizeof request, 0, servinfo->ai_addr, servinfo->ai_addrlen) == -1) {
        perror("sendto");
        return 1;
    }

    freeaddrinfo(servinfo);
    struct pollfd pfd = { sockfd, POLLIN, 0 };
    if (poll(&pfd, 1, 10000) != 1) {
        fprintf(stderr, "no reply\n");
        return 2;
    }

    uint32_t reply[2];
    ssize_t n = recvfrom(sockfd, reply, sizeof reply, 0, NULL, NULL);
    if (n != 8) {
        fprintf(stderr, "bad reply of %zd bytes\n", n);
        return 3;
    }

    printf("id=%u sum=%d\n", ntohl(reply[0]), (int32_t)ntohl(reply[1]));
    close(sockfd);
    return 0;
}
