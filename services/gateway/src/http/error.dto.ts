import { ApiProperty } from '@nestjs/swagger';

export class ErrorDto {
  @ApiProperty({ example: 401 })
  statusCode!: number;

  @ApiProperty({ example: 'missing Authorization header: send "Authorization: Bearer <token>"' })
  message!: string;
}
