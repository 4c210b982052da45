/* A UDP server in the style of the BSD socket tutorials: recvfrom a request (uint32 id, int32 a, int32 b, network
   order), sendto the sender a reply (uint32 id, int32 a+b). Usage: udp_adder_server PORT (prints "ready"). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
    if (argc != 2) {
        fprintf(stderr, "usage: udp_adder_server port\n");
        return 1;
    }

    int sockfd = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)atoi(argv[1]));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(sockfd, (struct sockaddr *)&addr, sizeof addr) == -1) {
        perror("bind");
        return 1;
    }

    printf("ready\n");
    fflush(stdout);
    for (;;) {
        unsigned char buf[64];
        struct sockaddr_storage their_addr;
        socklen_t addr_len = sizeof their_addr;
        ssize_t n = recvfrom(sockfd, buf, sizeof buf, 0, (struct sockaddr *)&their_addr, &addr_len);
        if (n != 12) {
            continue; /* not a request: drop it, as UDP servers do */
        }

        uint32_t id, a, b;
        memcpy(&id, buf, 4);
        memcpy(&a, buf + 4, 4);
        memcpy(&b, buf + 8, 4);
        uint32_t sum = htonl((uint32_t)((int32_t)ntohl(a) + (int32_t)ntohl(b)));
        unsigned char reply[8];
        memcpy(reply, &id, 4);
        memcpy(reply + 4, &sum, 4);
        sendto(sockfd, reply, sizeof reply, 0, (struct sockaddr *)&their_addr, addr_len);
    }
}
